using PatchBench.Execution.Checks;
using PatchBench.Harness.Runs;
using PatchBench.Harness.Scoring;

namespace PatchBench.Execution.Tests.Checks;

/// <summary>
/// The functional scorer works from the <see cref="BenchItem"/> alone: an item loaded by the plain suite loader carries
/// its checks, so no process-wide registry of suites is needed (issue #16, item 1).
/// </summary>
[Collection("pd")]
[Trait("Category", "Integration")]
public sealed class FunctionalScorerTests(PdFixture pd)
{
    [Fact]
    public async Task Scores_the_checks_the_bench_item_carries_reference_passes_and_a_mutant_fails()
    {
        var suite = new SuiteBenchLoader().Load(Path.Combine(SuiteChecksTests.SuitesRoot(), "core"));
        var item = suite.Items.Single(i => i.Id == "add-10-20-on-bang");
        Assert.NotEmpty(item.Checks);
        var scorer = new FunctionalScorer(new FunctionalChecker(new ExecutorRunner(pd.Sandboxed, 2)));

        var good = await scorer.ScoreAsync(item, item.ReferencePatch, CancellationToken.None);
        var bad = await scorer.ScoreAsync(item, item.ReferencePatch.Replace("+ 20", "+ 21"), CancellationToken.None);

        Assert.Equal(1, good.Metrics[HeadlineMetrics.FunctionalPass]);
        Assert.Equal(0, bad.Metrics[HeadlineMetrics.FunctionalPass]);
    }

    [Fact]
    public async Task An_item_without_checks_gets_a_note_and_no_metric()
    {
        var item = new BenchItem("x", "p", "control-math", "1", "#N canvas 0 0 100 100 12;\n");
        var scorer = new FunctionalScorer(new FunctionalChecker(new ExecutorRunner(pd.Sandboxed, 1)));
        var r = await scorer.ScoreAsync(item, item.ReferencePatch, CancellationToken.None);
        Assert.Empty(r.Metrics);
    }
}
