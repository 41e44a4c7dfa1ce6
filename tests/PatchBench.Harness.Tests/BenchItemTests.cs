using PatchBench.Harness.Runs;
using PatchBench.Harness.Suites;

namespace PatchBench.Harness.Tests;

/// <summary>A loaded <see cref="BenchItem"/> carries what scorers need, straight from its suite (issue #16, item 1).</summary>
public sealed class BenchItemTests
{
    [Theory]
    [InlineData("core")]
    [InlineData("fewshot")]
    public void Bench_items_carry_the_checks_and_requires_of_their_suite_items(string name)
    {
        var suite = SuiteLoader.Load(RepoPaths.Suite(name)).Suite!;
        var bench = new SuiteBenchLoader().Load(RepoPaths.Suite(name));
        Assert.Equal(suite.Items.Count, bench.Items.Count);
        foreach (var (s, b) in suite.Items.Zip(bench.Items))
        {
            Assert.Equal(s.Id, b.Id);
            Assert.Equal(s.Checks.Select(c => c.Name), b.Checks.Select(c => c.Name));
            Assert.Equal(s.Requires, b.Requires);
        }
        Assert.Contains(bench.Items, i => i.Checks.Count > 0);
    }
}
