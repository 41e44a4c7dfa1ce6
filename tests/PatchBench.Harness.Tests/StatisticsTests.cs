using FsCheck;
using FsCheck.Fluent;
using PatchBench.Harness.Statistics;

namespace PatchBench.Harness.Tests;

public class StatisticsTests
{
    [Fact]
    public void Wilson_matches_hand_computed_interval()
    {
        // 8 of 10, z = 1.96: centre (0.8 + 0.19208)/1.38415 = 0.71672, half 1.96·sqrt(0.016 + 0.0009604)/1.38415 = 0.18439.
        var w = Wilson.Interval(8, 10);
        Assert.Equal(0.8, w.Estimate, 12);
        Assert.Equal(0.4902, w.Low, 4);
        Assert.Equal(0.9433, w.High, 4);
        // 0 of 10: lower bound exactly 0, upper z²/(n+z²) = 3.8415/13.8415.
        var zero = Wilson.Interval(0, 10);
        Assert.Equal(0, zero.Low, 12);
        Assert.Equal(3.841459 / 13.841459, zero.High, 5);
    }

    [Fact]
    public void PassAtK_matches_binomial_formula()
    {
        Assert.Equal(1 - 3.0 / 10.0, PassAtK.Estimate(5, 2, 2), 12);     // 1 − C(3,2)/C(5,2)
        Assert.Equal(1 - 1.0 / 10.0, PassAtK.Estimate(5, 2, 3), 12);     // 1 − C(3,3)/C(5,3)
        Assert.Equal(1.0, PassAtK.Estimate(5, 3, 3), 12);                 // n − c < k
        Assert.Equal(0.0, PassAtK.Estimate(5, 0, 3), 12);
        Assert.Equal(1 - 190.0 * 189 / (200.0 * 199), PassAtK.Estimate(200, 10, 2), 12); // C(190,2)/C(200,2)
        // Large n where C(n, k) overflows doubles: the product form stays finite and matches logs of binomials.
        var exact = 1 - Math.Exp(LogChoose(2000 - 37, 500) - LogChoose(2000, 500));
        Assert.Equal(exact, PassAtK.Estimate(2000, 37, 500), 9);
    }

    [Fact]
    public void McNemar_matches_hand_computed_p_values()
    {
        Assert.Equal(2 * 11 / 1024.0, McNemar.ExactPValue(1, 9), 12);    // 2·(C(10,0)+C(10,1))/2^10
        Assert.Equal(1.0, McNemar.ExactPValue(5, 5), 12);
        Assert.Equal(1.0, McNemar.ExactPValue(0, 0), 12);
        Assert.Equal(2 / 1024.0, McNemar.ExactPValue(0, 10), 12);
        Assert.Equal(McNemar.ExactPValue(3, 17), McNemar.ExactPValue(17, 3), 12);
        Assert.InRange(McNemar.ExactPValue(400, 600), 0, 1e-9);        // thousands of pairs: no overflow
    }

    [Fact]
    public void Quantiles_interpolate_linearly()
    {
        double[] v = [1, 2, 3, 4];
        Assert.Equal(2.5, Quantiles.Sorted(v, 0.5), 12);
        Assert.Equal(3.85, Quantiles.Sorted(v, 0.95), 12);
        Assert.Equal(1, Quantiles.Sorted(v, 0), 12);
        Assert.Equal(4, Quantiles.Sorted(v, 1), 12);
        var d = Distribution.Of([10, 20, 30, 40, 50])!;
        Assert.Equal(30, d.P50);
        Assert.Equal(48, d.P95, 12);
        Assert.Equal(49.6, d.P99, 12);
    }

    [Fact]
    public void Bootstrap_is_seeded_and_sensible()
    {
        double[] values = [0, 0, 1, 1, 1, 0, 1, 1, 0, 1];
        var a = Bootstrap.Mean(values, 2000, seed: 7);
        var b = Bootstrap.Mean(values, 2000, seed: 7);
        Assert.Equal(a, b);
        Assert.Equal(0.6, a.Estimate, 12);
        // The normal approximation of the same interval is 0.6 ± 1.96·sqrt(0.24/10) = [0.296, 0.904]; the bootstrap is close.
        Assert.InRange(a.Low, 0.2, 0.4);
        Assert.InRange(a.High, 0.8, 1.0);
        Assert.Equal(new PatchBench.Harness.Statistics.Interval(5, 5, 5), Bootstrap.Mean([5, 5, 5, 5], 100, 1));
    }

    [Fact]
    public void Bootstrap_interval_contains_the_mean() =>
        Prop.ForAll(Gen.Choose(0, 1000).ArrayOf().Where(a => a.Length > 0).ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (ints, seed) =>
        {
            var values = ints.Select(i => i / 10.0).ToArray();
            var ci = Bootstrap.Mean(values, 200, seed);
            return ci.Low <= ci.Estimate + 1e-9 && ci.Estimate <= ci.High + 1e-9;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void PassAtK_is_monotone_in_k_and_pass_at_1_is_c_over_n() =>
        Prop.ForAll(Gen.Choose(1, 60).SelectMany(n => Gen.Choose(0, n).Select(c => (n, c))).ToArbitrary(), t =>
        {
            var (n, c) = t;
            var previous = -1.0;
            for (var k = 1; k <= n; k++)
            {
                var p = PassAtK.Estimate(n, c, k);
                if (p < previous - 1e-12 || p < 0 || p > 1 + 1e-12) return false;
                previous = p;
            }
            return Math.Abs(PassAtK.Estimate(n, c, 1) - (double)c / n) < 1e-12;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Wilson_bounds_stay_in_unit_interval_and_contain_the_rate() =>
        Prop.ForAll(Gen.Choose(1, 5000).SelectMany(n => Gen.Choose(0, n).Select(c => (n, c))).ToArbitrary(), t =>
        {
            var w = Wilson.Interval(t.c, t.n);
            return w.Low >= 0 && w.High <= 1 && w.Low <= w.Estimate + 1e-12 && w.Estimate <= w.High + 1e-12;
        }).QuickCheckThrowOnFailure();

    [Theory]
    [InlineData("", false)]
    [InlineData("#N canvas 0 50 440 300 12;\n#X obj 30 25 bng;\n#X msg 30 66 10;\n#X connect 0 0 1 0;\n", false)]
    [InlineData("#X obj 10 10 osc~ 440;\n#X obj 10 10 osc~ 440;\n#X obj 10 10 osc~ 440;\n#X obj 10 10 osc~ 440;\n#X obj 10 10 osc~ 440;\n#X obj 10 10 osc~ " +
        "440;\n", true)]
    [InlineData("Sure! Here is the patch: the patch the patch the patch the patch the patch the patch the patch the patch", true)]
    [InlineData("one two three four five six seven eight nine ten eleven twelve thirteen", false)]
    public void Degenerate_output_detects_repetition_loops(string output, bool expected) =>
        Assert.Equal(expected, DegenerateOutput.IsDegenerate(output));

    [Fact]
    public void Real_reference_patches_are_not_degenerate()
    {
        for (var i = 0; i < 20; i++) Assert.False(DegenerateOutput.IsDegenerate(TestSuites.Reference(i, i % 6)));
    }

    private static double LogChoose(int n, int k)
    {
        var s = 0.0;
        for (var i = 1; i <= k; i++) s += Math.Log(n - k + i) - Math.Log(i);
        return s;
    }
}
