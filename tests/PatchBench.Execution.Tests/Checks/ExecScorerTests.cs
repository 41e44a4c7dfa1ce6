using PatchBench.Execution.Checks;
using PatchBench.Harness.Runs;

namespace PatchBench.Execution.Tests.Checks;

/// <summary>The exec scorer's record of a sample: stage, what was printed and the audio levels, as the site shows them.</summary>
[Collection("pd")]
[Trait("Category", "Integration")] // real Pd in bubblewrap
public class ExecScorerTests(PdFixture pd)
{
    private static BenchItem Item => new("x", "prompt", "cat", "1", "#N canvas 0 0 400 300 12;\n");

    [Fact]
    public async Task Records_printed_lines_and_audio_levels()
    {
        const string patch = "#N canvas 0 0 400 300 12;\n#X obj 10 10 loadbang;\n#X msg 10 40 42 7;\n#X obj 10 70 print result;\n"
            + "#X obj 100 10 osc~ 440;\n#X obj 100 40 *~ 0.5;\n#X obj 100 70 dac~;\n"
            + "#X connect 0 0 1 0;\n#X connect 1 0 2 0;\n#X connect 3 0 4 0;\n#X connect 4 0 5 0;\n";
        var result = await new ExecScorer(new ExecutorRunner(pd.Sandboxed)).ScoreAsync(Item, patch, CancellationToken.None);

        Assert.Equal(1, result.Metrics["run_ok"]);
        var details = result.Details!;
        Assert.Equal(["result: 42 7"], details["printed"]!.AsArray().Select(n => n!.GetValue<string>()));
        var left = details["audio"]!.AsArray()[0]!.AsObject();
        Assert.InRange(left["peak_dbfs"]!.GetValue<double>(), -6.5, -5.5); // 0.5 amplitude is −6 dBFS
        Assert.InRange(left["rms_dbfs"]!.GetValue<double>(), -9.5, -8.5); // a sine's RMS is 3 dB below its peak
        Assert.InRange(left["dominant_hz"]!.GetValue<double>(), 420, 460);
    }

    [Fact]
    public async Task Caps_printed_lines_of_a_print_loop()
    {
        const string patch = "#N canvas 0 0 400 300 12;\n#X obj 10 10 loadbang;\n#X obj 10 40 until;\n#X msg 60 10 200;\n#X obj 10 70 print;\n"
            + "#X connect 0 0 2 0;\n#X connect 2 0 1 0;\n#X connect 1 0 3 0;\n";
        var result = await new ExecScorer(new ExecutorRunner(pd.Sandboxed)).ScoreAsync(Item, patch, CancellationToken.None);

        Assert.Equal(ExecScorer.MaxPrintedLines, result.Details!["printed"]!.AsArray().Count);
        Assert.Equal(200, result.Details["printed_total"]!.GetValue<int>());
    }
}
