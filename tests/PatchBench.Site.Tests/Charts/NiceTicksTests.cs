using FsCheck;
using FsCheck.Fluent;
using PatchBench.Site.Charts;

namespace PatchBench.Site.Tests.Charts;

public class NiceTicksTests
{
    private static bool IsNiceStep(double step)
    {
        double mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step)));
        return new[] { 1.0, 2.0, 5.0, 10.0 }.Any(m => Math.Abs(mantissa - m) < 1e-9);
    }

    [Fact]
    public void Linear_ticks_cover_the_range_with_evenly_spaced_nice_steps()
    {
        Prop.ForAll(Arb.From(ChartGenerators.Value), Arb.From(ChartGenerators.Value), Arb.From(Gen.Choose(1, 12)), (a, b, target) =>
        {
            var ticks = NiceTicks.Linear(a, b, target);
            Assert.True(ticks.Values.Count >= 2);
            Assert.True(IsNiceStep(ticks.Step), $"step {ticks.Step}");
            Assert.True(ticks.Values.Count <= target + 4, $"{ticks.Values.Count} ticks for target {target}");
            for (int i = 1; i < ticks.Values.Count; i++)
            {
                double gap = ticks.Values[i] - ticks.Values[i - 1];
                Assert.True(gap > 0);
                Assert.True(Math.Abs(gap - ticks.Step) <= ticks.Step * 1e-6 + Math.Abs(ticks.Values[i]) * 1e-12, $"gap {gap} vs step {ticks.Step}");
            }
            if (double.IsFinite(a) && double.IsFinite(b) && Math.Abs(a) <= 1e300 && Math.Abs(b) <= 1e300)
            {
                Assert.True(ticks.Min <= Math.Min(a, b), $"{ticks.Min} > {Math.Min(a, b)}");
                Assert.True(ticks.Max >= Math.Max(a, b), $"{ticks.Max} < {Math.Max(a, b)}");
            }
            Assert.All(ticks.Values, v => Assert.DoesNotContain("E+", ticks.Style == TickLabelStyle.Fixed ? ticks.Label(v) : ""));
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(0, 1, 5, 0.2, "0.0", "1.0")]
    [InlineData(0.12, 0.87, 5, 0.2, "0.0", "1.0")]
    [InlineData(3, 97, 5, 20, "0", "100")]
    [InlineData(-7, 12, 5, 5, "-10", "15")]
    [InlineData(42, 42, 5, 2, "36", "48")]
    [InlineData(1500, 86000, 4, 50000, "0", "100000")]
    public void Linear_ticks_match_what_a_person_would_pick(double min, double max, int target, double step, string first, string last)
    {
        var ticks = NiceTicks.Linear(min, max, target);
        Assert.Equal(step, ticks.Step, 9);
        Assert.Equal(first, ticks.Label(ticks.Min));
        Assert.Equal(last, ticks.Label(ticks.Max));
    }

    [Fact]
    public void Linear_ticks_never_print_negative_zero()
    {
        var ticks = NiceTicks.Linear(-0.3, 0.3, 6);
        Assert.Contains("0.0", ticks.Values.Select(ticks.Label));
        Assert.DoesNotContain("-0.0", ticks.Values.Select(ticks.Label));
    }

    [Fact]
    public void Log_ticks_cover_positive_ranges_with_powers_of_ten_or_1_2_5()
    {
        var positive = ChartGenerators.Ordinary.Select(Math.Abs).Where(v => v > 0);
        Prop.ForAll(Arb.From(positive), Arb.From(positive), (a, b) =>
        {
            var ticks = NiceTicks.Log10(a, b);
            Assert.True(ticks.Min <= Math.Min(a, b) * (1 + 1e-12));
            Assert.True(ticks.Max >= Math.Max(a, b) * (1 - 1e-12));
            Assert.True(ticks.Values.Count is >= 2 and <= 12, $"{ticks.Values.Count} ticks");
            Assert.All(ticks.Values, v => Assert.True(IsNiceStep(v), $"tick {v}"));
            Assert.Equal(ticks.Values.OrderBy(v => v), ticks.Values);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Log_ticks_of_a_short_range_include_2_and_5()
    {
        var ticks = NiceTicks.Log10(3, 40);
        Assert.Equal(new[] { 2.0, 5, 10, 20, 50 }, ticks.Values);
        Assert.Equal(new[] { "2", "5", "10", "20", "50" }, ticks.Values.Select(ticks.Label));
    }

    [Fact]
    public void Date_ticks_cover_the_range_and_fall_on_days_mondays_or_first_of_month()
    {
        var day = Gen.Choose(-20000, 80000).Select(d => (double)d);
        Prop.ForAll(Arb.From(day), Arb.From(day), (a, b) =>
        {
            var ticks = NiceTicks.Dates(a, b);
            Assert.True(ticks.Min <= Math.Min(a, b) && ticks.Max >= Math.Max(a, b), $"{ticks.Min}..{ticks.Max} for {a}..{b}");
            Assert.True(ticks.Values.Count is >= 2 and <= 14, $"{ticks.Values.Count} ticks for {a}..{b}");
            foreach (var v in ticks.Values)
            {
                Assert.Equal(Math.Floor(v), v);
                var date = DateOnly.ParseExact(ticks.Label(v), "yyyy-MM-dd");
                if (ticks.Step is 7 or 14) Assert.Equal(DayOfWeek.Monday, date.DayOfWeek);
                if (ticks.Step > 20) Assert.Equal(1, date.Day);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Dates_are_written_as_iso_days()
    {
        Assert.Equal("1970-01-01", NiceTicks.FormatDate(0));
        Assert.Equal("2025-03-14", NiceTicks.FormatDate(new DateOnly(2025, 3, 14).DayNumber - new DateOnly(1970, 1, 1).DayNumber + 0.7));
        var ticks = NiceTicks.Dates(new DateOnly(2025, 1, 10).DayNumber - 719162, new DateOnly(2025, 11, 20).DayNumber - 719162);
        Assert.Equal(["2025-01-01", "2025-04-01", "2025-07-01", "2025-10-01", "2026-01-01"], ticks.Values.Select(ticks.Label));
    }
}
