using PatchBench.Execution.Checks;
using PatchBench.Harness.Suites;
using Xunit.Abstractions;

namespace PatchBench.Execution.Tests.Checks;

/// <summary>
/// Gem renders headless in the sandbox (Xvfb + Mesa's software GL, started inside bubblewrap per run) and the frame
/// sampler reads the window back: what is drawn and its colour, and nothing without a window or without capture.
/// </summary>
[Collection("pd")]
[Trait("Category", "Integration")]
public sealed class GemFrameTests(PdFixture pd, ITestOutputHelper output)
{
    private static readonly PdProfile Gem = PdProfiles.Find("gem")!;

    private static string RedCone(string colour = "1 0 0") => PdFixture.Patch(
        "#X obj 30 10 loadbang;",
        "#X msg 30 40 create \\, 1;",
        "#X obj 30 70 gemwin;",
        "#X obj 200 10 gemhead;",
        $"#X obj 200 40 color {colour};",
        "#X obj 200 70 cone 1;",
        "#X connect 0 0 1 0;",
        "#X connect 1 0 2 0;",
        "#X connect 3 0 4 0;",
        "#X connect 4 0 5 0;");

    [Fact]
    public async Task A_red_cone_renders_red_on_black_in_the_sandbox()
    {
        var r = await pd.Sandboxed.RunAsync(new ExecRequest(RedCone()), new ExecOptions(Seconds: 0.5, WallClockLimit: TimeSpan.FromSeconds(60), CaptureAudio: false) { Profile = Gem, CaptureFrames = true });
        PdFixture.AssertStage(ExecStage.Run, r);
        foreach (var e in r.Events.Where(e => !e.Message.Contains("plugin") && !e.Message.Contains("pattern") && !e.Message.Contains("dylib") && !e.Message.StartsWith("GEM:")).Take(60)) output.WriteLine($"  {e.Kind} {e.Phase}: {e.Message}");
        output.WriteLine($"{r.Frames.Count} frames in {r.Duration.TotalSeconds:0.0} s; last: {FrameMeasures.Describe(r.Frames)}");
        Assert.True(r.Frames.Count >= 3, $"only {r.Frames.Count} frames");
        var last = r.Frames[^1];
        Assert.Equal(64, last.Points.Count);
        Assert.Null(FrameMeasures.ColourName(FrameMeasures.Background(last)));
        Assert.Equal("red", FrameMeasures.MainColour(FrameMeasures.Drawn(last)));
        Assert.InRange(FrameMeasures.Drawn(last).Count, 4, 60);
    }

    [Fact]
    public async Task Without_frame_capture_or_a_window_there_are_no_frames()
    {
        var options = new ExecOptions(Seconds: 0.3, WallClockLimit: TimeSpan.FromSeconds(60), CaptureAudio: false) { Profile = Gem };
        var noCapture = await pd.Sandboxed.RunAsync(new ExecRequest(RedCone()), options);
        var noWindow = await pd.Sandboxed.RunAsync(new ExecRequest(RedCone().Replace("#X connect 1 0 2 0;\n", "")), options with { CaptureFrames = true });
        PdFixture.AssertStage(ExecStage.Run, noCapture);
        PdFixture.AssertStage(ExecStage.Run, noWindow);
        Assert.Empty(noCapture.Frames);
        Assert.Empty(noWindow.Frames);
    }
}
