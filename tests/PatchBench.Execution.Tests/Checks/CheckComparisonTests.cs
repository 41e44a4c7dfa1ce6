using PatchBench.Execution.Audio;
using PatchBench.Execution.Checks;
using PatchBench.Harness.Suites;
using PatchBench.Pd;

namespace PatchBench.Execution.Tests.Checks;

/// <summary>Pure parts added for the kill rate: range-reaching and step properties, list atoms, the mix spectrum, the rewrites.</summary>
public sealed class CheckComparisonTests
{
    static CheckOutcome JudgeProps(OutputProperties p, params string[] values)
    {
        var check = new FunctionalCheck("t", [new ObserveStep()], new CheckExpectation(p, null));
        var obs = new CheckObservation(ExecStage.Run, [values.Select(v => new ObservedValue(1, v)).ToList()], [], []);
        return CheckComparison.Judge(check, obs, null);
    }

    [Fact]
    public void Reaches_below_and_above_need_a_value_at_each_end()
    {
        var p = new OutputProperties { ReachesBelow = 0.1, ReachesAbove = 0.9 };
        Assert.True(JudgeProps(p, "0.05", "0.5", "0.95").Passed);
        var low = JudgeProps(p, "0.05", "0.5", "0.6");
        Assert.False(low.Passed);
        Assert.Contains(low.Problems, m => m.Contains("at or above 0.9"));
        Assert.False(JudgeProps(p, "0.3", "0.95").Passed);
    }

    [Fact]
    public void Max_step_fails_on_the_first_jump_and_names_it()
    {
        var p = new OutputProperties { MaxStep = 1 };
        Assert.True(JudgeProps(p, "10", "11", "11", "10", "9").Passed);
        var jump = JudgeProps(p, "10", "11", "13", "12");
        Assert.False(jump.Passed);
        Assert.Contains(jump.Problems, m => m.Contains("11 then 13"));
    }

    [Fact]
    public void Non_decreasing_fails_when_a_value_goes_down()
    {
        var p = new OutputProperties { NonDecreasing = true };
        Assert.True(JudgeProps(p, "1", "1", "2.5", "7").Passed);
        Assert.Contains(JudgeProps(p, "1", "3", "2").Problems, m => m.Contains("3 then 2"));
    }

    [Fact]
    public void Min_and_max_look_inside_printed_lists()
    {
        var p = new OutputProperties { Count = 1, Min = 0, Max = 99, Integers = true };
        Assert.True(JudgeProps(p, "3 98 0 17").Passed);
        Assert.False(JudgeProps(p, "3 120 0 17").Passed);
        Assert.False(JudgeProps(p, "3 9.5 0 17").Passed);
    }

    [Fact]
    public void The_spectrum_is_measured_on_the_mix_so_a_change_in_the_quieter_channel_shows()
    {
        const int rate = 44100;
        float[] Sine(double hz, double amp) => Enumerable.Range(0, rate / 2).Select(i => (float)(amp * Math.Sin(2 * Math.PI * hz * i / rate))).ToArray();
        float[] Saw(double hz, double amp) => Enumerable.Range(0, rate / 2).Select(i => (float)(amp * (2 * (hz * i / rate % 1) - 1))).ToArray();
        var window = new AudioWindow(0, 500);
        var reference = AudioMeasures.Measure(new AudioBuffer(rate, [Sine(300, 0.1), Sine(450, 0.12)]), window);
        var same = AudioMeasures.Measure(new AudioBuffer(rate, [Sine(300, 0.1), Sine(450, 0.12)]), window);
        var sawLeft = AudioMeasures.Measure(new AudioBuffer(rate, [Saw(300, 0.1), Sine(450, 0.12)]), window);
        Assert.Equal(0, AudioMeasures.SpectrumDistance(reference.Bands, same.Bands), 6);
        // The right channel is the louder one in both, so a loudest-channel spectrum could not tell them apart.
        Assert.True(AudioMeasures.SpectrumDistance(reference.Bands, sawLeft.Bands) > CheckComparison.SpectrumTolerance);
        Assert.Equal(450, reference.MedianPitchHz!.Value, 0);
    }

    [Fact]
    public void Expr_rewrite_replaces_only_arithmetic_boxes_whose_right_inlet_is_free()
    {
        const string text = "#N canvas 0 50 400 300 12;\n#X floatatom 30 25 5 0 0 0 - - - 0;\n#X obj 30 69 + 5;\n#X obj 30 113 * 2;\n#X obj 90 69 f 3;\n#X " +
            "obj 30 157 print;\n#X connect 0 0 1 0;\n#X connect 1 0 2 0;\n#X connect 3 0 2 1;\n#X connect 2 0 4 0;\n";
        var rewritten = PatchRewrites.ExprForArithmetic(text)!;
        Assert.Contains("#X obj 30 69 expr $f1 + 5;", rewritten);
        Assert.Contains("#X obj 30 113 * 2;", rewritten);
        Assert.False(PdParser.Parse(rewritten).HasErrors);
        Assert.Null(PatchRewrites.ExprForArithmetic("#N canvas 0 50 400 300 12;\n#X obj 30 69 / 0;\n"));
    }

    [Fact]
    public void Subpatch_rewrite_keeps_inputs_and_outputs_at_the_root_and_wires_the_group_back()
    {
        const string text = "#N canvas 0 50 400 300 12;\n#X floatatom 30 25 5 0 0 0 - - - 0;\n#X obj 30 69 + 5;\n#X obj 30 113 * 2;\n#X obj 30 157 " +
            "print;\n#X connect 0 0 1 0;\n#X connect 1 0 2 0;\n#X connect 2 0 3 0;\n";
        var rewritten = PatchRewrites.IntoSubpatch(text, new Random(1))!;
        var patch = PdParser.Parse(rewritten);
        Assert.False(patch.HasErrors);
        var sub = Assert.Single(patch.Root.Boxes, b => b.Subcanvas is not null);
        Assert.Equal(["inlet", "outlet"], sub.Subcanvas!.Boxes.Where(b => b.ClassName is "inlet" or "outlet").Select(b => b.ClassName));
        var iface = PatchInterface.Find(patch.Root);
        Assert.Single(iface.Inputs);
        Assert.Single(iface.Outputs);
    }
}
