namespace PatchBench.Cli.Tests;

/// <summary>Runs the real built <c>patchbench suite validate</c> on small copies of the shipped few-shot suite.</summary>
public sealed class SuiteCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("patchbench-suite-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string RepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "PatchBench.sln"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    /// <summary>A two-item suite copied from suites/fewshot (a control item and a timing one).</summary>
    private string SmallSuite()
    {
        string source = Path.Combine(RepoRoot(), "suites", "fewshot");
        string target = Path.Combine(_dir, "small");
        Directory.CreateDirectory(Path.Combine(target, "items"));
        File.Copy(Path.Combine(source, "suite.yaml"), Path.Combine(target, "suite.yaml"));
        foreach (var id in new[] { "add-five", "accent-metronome" })
            foreach (var ext in new[] { ".yaml", ".pd" })
                File.Copy(Path.Combine(source, "items", id + ext), Path.Combine(target, "items", id + ext));
        return target;
    }

    [Fact]
    public void A_suite_whose_references_lint_run_and_pass_their_checks_validates()
    {
        var (exit, output, err) = LintCommandTests.Patchbench("suite", "validate", SmallSuite());
        Assert.True(exit == 0, $"exit {exit}\n{output}\n{err}");
        Assert.Contains("2 items", output);
        Assert.Contains("0 problem(s)", output);
    }

    [Fact]
    public void A_reference_pd_cannot_create_fails_validation_with_the_lint_code_and_line()
    {
        string suite = SmallSuite();
        string reference = Path.Combine(suite, "items", "add-five.pd");
        var lines = File.ReadAllLines(reference).ToList();
        int at = lines.FindIndex(l => l.StartsWith("#X obj ", StringComparison.Ordinal));
        var fields = lines[at].Split(' ');
        lines[at] = string.Join(' ', fields.Take(4)) + " nosuchclass_xyz;";
        File.WriteAllLines(reference, lines);
        var (exit, output, err) = LintCommandTests.Patchbench("suite", "validate", suite);
        Assert.True(exit == 1, $"exit {exit}\n{output}\n{err}");
        Assert.Contains($"add-five.pd:{at + 1}:1: PD101", output);
    }

    [Fact]
    public void A_missing_suite_folder_is_a_usage_error()
    {
        var (exit, _, err) = LintCommandTests.Patchbench("suite", "validate", Path.Combine(_dir, "nope"));
        Assert.Equal(2, exit);
        Assert.DoesNotContain("   at ", err);
    }
}
