using PatchBench.Execution.Checks;
using PatchBench.Harness.Suites;
using PatchBench.Execution.Wrapper;
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
        var r = await pd.Sandboxed.RunAsync(new ExecRequest(RedCone()),
            new ExecOptions(Seconds: 0.5, WallClockLimit: TimeSpan.FromSeconds(60), CaptureAudio: false) { Profile = Gem, CaptureFrames = true });
        PdFixture.AssertStage(ExecStage.Run, r);
        foreach (var e in r.Events.Where(e => !e.Message.Contains("plugin") && !e.Message.Contains("pattern") && !e.Message.Contains("dylib")
            && !e.Message.StartsWith("GEM:")).Take(60)) output.WriteLine($"  {e.Kind} {e.Phase}: {e.Message}");
        output.WriteLine($"{r.Frames.Count} frames in {r.Duration.TotalSeconds:0.0} s; last: {FrameMeasures.Describe(r.Frames)}");
        Assert.True(r.Frames.Count >= 3, $"only {r.Frames.Count} frames");
        var last = r.Frames[^1];
        Assert.Equal(WrapperPatch.FrameGrid * WrapperPatch.FrameGrid, last.Points.Count);
        Assert.Null(FrameMeasures.ColourName(FrameMeasures.Background(last)));
        Assert.Equal("red", FrameMeasures.MainColour(FrameMeasures.Drawn(last)));
        Assert.InRange(FrameMeasures.Drawn(last).Count, 4, last.Points.Count / 2);
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

    [Theory]
    [InlineData("core")]
    [InlineData("fewshot")]
    public async Task Every_Gem_check_passes_on_its_reference(string suiteName)
    {
        var items = SuiteChecksTests.LoadSuite(suiteName).Items.Where(i => i.Requires.Contains("Gem")).ToList();
        Assert.NotEmpty(items);
        // gem-particle-scale keeps checks: [] — its particles are one-pixel points the sampling grid does not hit.
        Assert.All(items.Where(i => i.Id != "gem-particle-scale"), i => Assert.NotEmpty(i.Checks));
        var checker = new FunctionalChecker(new ExecutorRunner(pd.Sandboxed, 2));
        var reports = await Task.WhenAll(items.Select(async i => (i, await checker.CheckAsync(i, i.ReferenceText))));
        foreach (var (i, rep) in reports)
            foreach (var o in rep.Outcomes) output.WriteLine(
                $"{i.Id} / {o.Name}: {(o.Passed ? "pass" : "FAIL " + string.Join("; ", o.Problems))} ({o.Observed})");
        var failures = reports.SelectMany(r => r.Item2.Outcomes.Where(o => !o.Passed).Select(o => $"{r.i.Id} / {o.Name}: {string.Join("; ", o.Problems)}"))
            .ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Each broken patch fails the item's checks: wrong colour, nothing drawn, no rotation, a control wired to the wrong inlet or cut off.</summary>
    [Theory]
    [InlineData("fewshot", "gem-red-cone", "color 1 0 0", "color 0 0 1")]
    [InlineData("fewshot", "gem-static-cube", "#X connect 3 0 4 0;", "")]
    [InlineData("core", "gem-rotating-cube", "#X connect 5 0 9 2;", "#X connect 5 0 9 0;")]
    [InlineData("core", "gem-colored-sphere", "#X connect 4 0 7 2;", "#X connect 4 0 7 3;")]
    [InlineData("core", "gem-moving-circle", "#X connect 3 0 5 1;", "")]
    [InlineData("core", "gem-teapot", "#X connect 3 0 6 1;", "")]
    public async Task A_broken_Gem_patch_fails_its_checks(string suiteName, string id, string from, string to)
    {
        var item = SuiteChecksTests.LoadSuite(suiteName).Items.Single(i => i.Id == id);
        Assert.Contains(from, item.ReferenceText);
        var mutant = item.ReferenceText.Replace(from + (to.Length == 0 ? "\n" : ""), to);
        var report = await new FunctionalChecker(new ExecutorRunner(pd.Sandboxed, 2)).CheckAsync(item, mutant);
        foreach (var o in report.Outcomes) output.WriteLine($"{o.Name}: {(o.Passed ? "pass" : string.Join("; ", o.Problems))} ({o.Observed})");
        Assert.False(report.AllPassed);
    }
}
