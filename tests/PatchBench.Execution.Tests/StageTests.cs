using PatchBench.Execution.Events;
using static PatchBench.Execution.Tests.PdFixture;

namespace PatchBench.Execution.Tests;

/// <summary>Hand-made patches for each stage and each event kind, run in real Pd 0.53 inside the sandbox.</summary>
[Collection("pd")]
[Trait("Category", "Integration")] // real Pd in bubblewrap
public sealed class StageTests(PdFixture pd)
{
    [Fact]
    public async Task Garbage_stops_before_parse_and_pd_is_not_started()
    {
        var r = await pd.Run("this is not a patch");
        AssertStage(ExecStage.None, r);
        Assert.Null(r.ExitCode);
        Assert.NotEmpty(r.Diagnostics);
    }

    [Fact]
    public async Task Clean_patch_reaches_run_and_its_prints_are_collected_with_lines()
    {
        var r = await pd.Run(Patch(
            "#X obj 10 10 loadbang;",
            "#X msg 10 40 10;",
            "#X obj 10 70 + 20;",
            "#X obj 10 100 print result;",
            "#X connect 0 0 1 0;",
            "#X connect 1 0 2 0;",
            "#X connect 2 0 3 0;"));
        AssertStage(ExecStage.Run, r);
        Assert.True(r.Ok);
        var p = Assert.Single(r.Printed);
        Assert.Equal(("result", "30", 5), (p.Name, p.Value, p.Line));
        Assert.Equal("bubblewrap", r.Sandbox);
        Assert.Null(r.Audio);
    }

    [Fact]
    public async Task Unknown_object_is_couldnt_create_with_box_text_and_line()
    {
        var r = await pd.Run(Patch(
            "#X obj 10 10 loadbang;",
            "#X obj 10 40 frobnicate 1 2;",
            "#X obj 10 70 frobnicate 1 2;"));
        AssertStage(ExecStage.Parse, r);
        var e = r.Events.Where(e => e.Kind == PdEventKind.CouldntCreate).ToArray();
        Assert.Equal(2, e.Length);
        Assert.All(e, x => Assert.Equal("frobnicate 1 2", x.Object));
        Assert.Equal([3, 4], e.Select(x => x.Line ?? 0));
        Assert.Equal([1], e[0].BoxPath!);
    }

    [Fact]
    public async Task Bad_connection_is_connection_failed_with_indices_classes_and_line_in_subpatch()
    {
        var r = await pd.Run(Patch(
            "#X obj 10 10 loadbang;",
            "#N canvas 0 0 450 300 inner 0;",
            "#X obj 10 10 + 1;",
            "#X obj 10 40 print x;",
            "#X connect 0 3 1 0;",
            "#X restore 10 40 pd inner;"));
        AssertStage(ExecStage.Parse, r);
        var e = Assert.Single(r.Events, e => e.Kind == PdEventKind.ConnectionFailed);
        Assert.Equal("inner", e.Canvas);
        Assert.Equal([0, 3, 1, 0], e.Connection!);
        Assert.Equal(["+", "print"], e.Classes!);
        Assert.Equal(6, e.Line);
    }

    [Fact]
    public async Task Object_error_at_load_reaches_load_but_not_run()
    {
        var r = await pd.Run(Patch(
            "#X obj 10 10 loadbang;",
            "#X obj 10 40 tabread nosucharray;",
            "#X connect 0 0 1 0;"));
        AssertStage(ExecStage.Load, r);
        var e = Assert.Single(r.Events, e => e.Kind == PdEventKind.ObjectError);
        Assert.Equal("tabread", e.Object);
        Assert.Equal(3, e.Line);
        Assert.Equal(PdRunPhase.Load, e.Phase);
    }

    [Fact]
    public async Task Signal_into_control_inlet_is_reported_when_dsp_starts()
    {
        var r = await pd.Run(Patch(
            "#X obj 10 10 osc~ 440;",
            "#X obj 10 40 print nope;",
            "#X connect 0 0 1 0;"));
        AssertStage(ExecStage.Load, r);
        var e = Assert.Single(r.Events, e => e.Kind == PdEventKind.SignalToControl);
        Assert.Equal(PdRunPhase.DspStart, e.Phase);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public async Task Signal_cycle_is_dsp_loop()
    {
        var r = await pd.Run(Patch(
            "#X obj 10 10 osc~ 440;",
            "#X obj 10 40 *~ 0.5;",
            "#X connect 0 0 1 0;",
            "#X connect 1 0 0 0;"));
        AssertStage(ExecStage.Load, r);
        var e = Assert.Single(r.Events, e => e.Kind == PdEventKind.DspLoop);
        Assert.Equal(PdRunPhase.DspStart, e.Phase);
        Assert.Contains(e.Line, new int?[] { 2, 3 });
    }

    [Fact]
    public async Task Control_recursion_is_stack_overflow()
    {
        var r = await pd.Run(Patch(
            "#X obj 10 10 loadbang;",
            "#X obj 10 40 f;",
            "#X obj 10 70 + 1;",
            "#X connect 0 0 1 0;",
            "#X connect 1 0 2 0;",
            "#X connect 2 0 1 0;"));
        AssertStage(ExecStage.Load, r);
        var e = Assert.Single(r.Events, e => e.Kind == PdEventKind.StackOverflow);
        Assert.Contains(e.Line, new int?[] { 3, 4 });
    }

    [Fact]
    public async Task Logical_time_runs_the_requested_seconds_in_batch_mode()
    {
        // A metro every 100 ms counts ticks; 3 logical seconds give about 30 prints.
        var r = await pd.Run(Patch(
            "#X obj 10 10 loadbang;",
            "#X obj 10 40 metro 100;",
            "#X obj 10 70 print tick;",
            "#X connect 0 0 1 0;",
            "#X connect 1 0 2 0;"), Quick(seconds: 3));
        AssertStage(ExecStage.Run, r);
        Assert.InRange(r.Printed.Count, 30, 32);
    }

    [Fact]
    public async Task Sine_to_dac_is_captured_with_level_and_frequency()
    {
        var r = await pd.Run(Patch(
            "#X obj 10 10 osc~ 440;",
            "#X obj 10 40 *~ 0.5;",
            "#X obj 10 70 dac~;",
            "#X connect 0 0 1 0;",
            "#X connect 1 0 2 0;",
            "#X connect 1 0 2 1;"), Quick(seconds: 0.5));
        AssertStage(ExecStage.Run, r);
        var a = Assert.IsType<Audio.AudioReport>(r.Audio);
        Assert.Equal(2, a.Channels.Count);
        foreach (var c in a.Channels)
        {
            Assert.False(c.Silent);
            Assert.InRange(c.Peak, 0.49, 0.51);
            Assert.InRange(c.Rms, 0.34, 0.36);
            Assert.InRange(c.DominantHz, 430, 450);
            Assert.True(c.Bands.Max() > 0.9);
        }
    }

    [Fact]
    public async Task Dac_with_nothing_connected_is_silent_and_single_channel_dac_captures_its_channel()
    {
        var r = await pd.Run(Patch(
            "#X obj 10 10 dac~;",
            "#X obj 100 10 noise~;",
            "#X obj 100 40 dac~ 3;",
            "#X connect 1 0 2 0;"), Quick(seconds: 0.3));
        AssertStage(ExecStage.Run, r);
        var a = r.Audio!;
        Assert.Equal(3, a.Channels.Count);
        Assert.True(a.Channels[0].Silent);
        Assert.True(a.Channels[1].Silent);
        Assert.False(a.Channels[2].Silent);
    }

    [Fact]
    public async Task Patch_that_quits_pd_itself_does_not_reach_run()
    {
        var r = await pd.Run(Patch(
            "#X obj 10 10 loadbang;",
            "#X msg 10 40 \\; pd quit;",
            "#X connect 0 0 1 0;"));
        AssertStage(ExecStage.Parse, r);
        Assert.Contains(r.Events, e => e.Kind == PdEventKind.Crash);
        Assert.Contains(r.Dangers, d => d.Code == "pd-quit");
    }
}

/// <summary>What happens where bubblewrap cannot run.</summary>
public sealed class SandboxRefusalTests
{
    private static readonly Sandbox.SandboxCapability Missing = new(null, "bubblewrap cannot create its namespaces here (test)");

    [Fact]
    public void Without_a_sandbox_execution_is_refused_with_the_reason()
    {
        var ex = Assert.Throws<SandboxUnavailableException>(() => PdExecutor.Create(Missing, "/usr/bin/puredata", allowUnsandboxed: false));
        Assert.Contains("bubblewrap cannot create its namespaces here (test)", ex.Message);
        Assert.Contains("--allow-unsandboxed", ex.Message);
    }

    [Fact]
    public async Task Allowed_unsandboxed_runs_real_pd_unconfined()
    {
        var exec = PdExecutor.Create(Missing, PdExecutor.FindPd()!, allowUnsandboxed: true).WithWorkRoot(PdFixture.RunRoot + "-unconfined");
        Assert.False(exec.Launcher.Confined);
        var r = await exec.RunAsync(new ExecRequest(PdFixture.Patch("#X obj 10 10 loadbang;", "#X obj 10 40 print u;", "#X connect 0 0 1 0;")),
            PdFixture.Quick());
        Assert.Equal(ExecStage.Run, r.Stage);
        Assert.Equal("none", r.Sandbox);
        Assert.Equal("bang", Assert.Single(r.Printed).Value);
        Directory.Delete(PdFixture.RunRoot + "-unconfined", recursive: true);
    }
}
