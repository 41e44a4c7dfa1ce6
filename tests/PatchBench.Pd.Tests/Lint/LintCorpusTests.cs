using PatchBench.Pd.Catalog;
using PatchBench.Pd.Lint;
using PatchBench.Pd.Tests.Corpus;
using Xunit.Abstractions;

namespace PatchBench.Pd.Tests.Lint;

/// <summary>Acceptance (a): on everything Debian ships, the linter's verdict is Pd's.</summary>
public class LintCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public void Debian_patches_lint_without_errors_except_the_ones_needing_missing_externals()
    {
        Assert.True(DebianCorpus.Files.Count >= 300, $"expected the Debian Pd corpus, found {DebianCorpus.Files.Count} files");
        var linter = new PdLinter(ObjectCatalog.Vanilla, new DiskAbstractions());
        var problems = new List<string>();
        int warnings = 0, failing = 0;
        foreach (var file in DebianCorpus.Files)
        {
            var diagnostics = linter.Lint(File.ReadAllBytes(file), file);
            warnings += diagnostics.Count(d => d.Severity == PdSeverity.Warning);
            var errors = diagnostics.Where(d => d.Severity == PdSeverity.Error).ToList();
            if (DebianCorpus.NeedsMissingExternals(file))
            {
                failing++;
                if (errors.Count == 0) problems.Add($"{file}: Pd fails this patch (missing example external) but the linter found no error");
                else if (!errors.Any(e => e.Code == PdLintCodes.UnknownClass)) problems.Add(
                    $"{file}: expected {PdLintCodes.UnknownClass}, got {string.Join(", ", errors.Select(e => e.Code))}");
            }
            else
                problems.AddRange(errors.Select(d => $"{file}:{d.Line}:{d.Column}: {d.Code} {d.Message}"));
        }
        output.WriteLine($"{DebianCorpus.Files.Count} patches, {failing} expected to fail, {warnings} warnings");
        Assert.True(failing >= 5, $"expected the 6.externs/test-*.pd patches, found {failing}");
        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n" + string.Join("\n", problems.Take(80)));
    }
}
