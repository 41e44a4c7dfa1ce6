using PatchBench.Execution.Checks;
using PatchBench.Harness.Suites;
using Xunit.Abstractions;

namespace PatchBench.Execution.Tests.Checks;

/// <summary>Every check of the shipped suites passes on its own reference, run in the sandbox.</summary>
[Collection("pd")]
[Trait("Category", "Integration")] // real Pd in bubblewrap
public sealed class SuiteChecksTests(PdFixture pd, ITestOutputHelper output)
{
    internal static string SuitesRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !Directory.Exists(Path.Combine(dir, "suites", "core"))) dir = Path.GetDirectoryName(dir);
        return Path.Combine(dir ?? throw new InvalidOperationException("suites/ not found above the test folder"), "suites");
    }

    internal static Suite LoadSuite(string name)
    {
        var r = SuiteLoader.Load(Path.Combine(SuitesRoot(), name));
        Assert.True(r.Ok, string.Join("\n", r.Problems));
        return r.Suite!;
    }

    [Theory]
    [InlineData("core")]
    [InlineData("fewshot")]
    public async Task Every_check_passes_on_its_reference(string suiteName)
    {
        var suite = LoadSuite(suiteName);
        var checker = new FunctionalChecker(new ExecutorRunner(pd.Sandboxed, 2));
        var items = suite.Items.Where(i => i.Requires.Count == 0).ToList();
        var reports = await Task.WhenAll(items.Select(async i => (i, await checker.CheckAsync(i, i.ReferenceText))));
        var failures = reports.SelectMany(r => r.Item2.Outcomes.Where(o => !o.Passed)
            .Select(o => $"{r.i.Id} / {o.Name}: {string.Join("; ", o.Problems)} (observed {o.Observed})")).ToList();
        int checks = reports.Sum(r => r.Item2.Outcomes.Count);
        output.WriteLine($"{suiteName}: {checks - failures.Count}/{checks} checks pass on their references");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
