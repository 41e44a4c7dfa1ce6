using FsCheck;
using FsCheck.Fluent;
using PatchBench.Site.Charts;

namespace PatchBench.Site.Tests.Charts;

/// <summary>Random chart specs: ordinary values mixed with NaN, infinities, huge and tiny numbers, and hostile strings.</summary>
internal static class ChartGenerators
{
    public static readonly Gen<double> Ordinary =
        from mantissa in Gen.Choose(-100000, 100000)
        from exponent in Gen.Choose(-6, 6)
        select mantissa * Math.Pow(10, exponent) / 1000;

    public static readonly Gen<double> Value = Gen.Frequency(
        (20, Ordinary),
        (1, Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 1e300, -1e300, 1e-300, double.MaxValue, double.Epsilon)));

    public static readonly Gen<double?> OptionalValue = Gen.Frequency((3, Value.Select(v => (double?)v)), (1, Gen.Constant((double?)null)));

    public static readonly Gen<string> Text = Gen.Frequency(
        (6, Gen.Elements("gemma-3-1b Q4_K_M", "qwen2.5-coder 7B", "a", "", "retrieval baseline", "<b>&amp;\"'</b>", "é ünïcødé 日本 🎛️")),
        (2, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "")),
        (1, Gen.Constant(new string('w', 300))),
        (1, Gen.Elements("\u0001\u0002ctl", "\ud800lone surrogate", "tab\tnew\nline", "x\uFFFEy")));

    public static readonly Gen<string?> Href = Gen.Elements<string?>(null, "runs/a.html", "javascript:alert(1)", "https://example.org/?a=1&b=2",
        "items/x y.html#f");

    public static readonly Gen<ScatterChartSpec> Scatter =
        from title in Text
        from xl in Text
        from yl in Text
        from n in Gen.Choose(0, 40)
        from points in Gen.ArrayOf((from l in Text from x in Value from y in Value from lo in OptionalValue from hi in OptionalValue from h in Href
                                    select new ScatterPoint(l, x, y, lo, hi, h)), n)
        from front in ArbMap.Default.GeneratorFor<bool>()
        from log in ArbMap.Default.GeneratorFor<bool>()
        select new ScatterChartSpec(title, xl, yl, points, front, log);

    public static readonly Gen<BarChartSpec> Bars =
        from title in Text
        from yl in Text
        from seriesCount in Gen.Choose(0, 9)
        from series in Gen.ArrayOf(Text, seriesCount)
        from groupCount in Gen.Choose(0, 12)
        from groups in Gen.ArrayOf((from label in Text
                                    from values in Gen.ArrayOf((from s in (series.Length == 0 ? Gen.Constant("only") : Gen.Elements(series))
                                                                from v in Value from lo in OptionalValue from hi in OptionalValue
                                                                select new BarValue(s, v, lo, hi)), Math.Max(0, seriesCount))
                                    select new BarGroup(label, values)), groupCount)
        from lineCount in Gen.Choose(0, 3)
        from lines in Gen.ArrayOf((from l in Text from v in Value select new ReferenceLine(l, v)), lineCount)
        from yMax in OptionalValue
        select new BarChartSpec(title, yl, groups, lines, yMax);

    public static readonly Gen<LineChartSpec> Lines =
        from title in Text
        from xl in Text
        from yl in Text
        from date in ArbMap.Default.GeneratorFor<bool>()
        from count in Gen.Choose(0, 10)
        from series in Gen.ArrayOf((from name in Text
                                    from n in Gen.Choose(0, 12)
                                    from points in Gen.ArrayOf(
                                        (from x in (date ? Gen.Frequency((8, Gen.Choose(19000, 21000).Select(d => (double)d)), (1, Value)) : Value)
                                                                from y in Value from l in Gen.Elements<string?>(null, "step 1000", "final")
                                                                select new LinePoint(x, y, l)), n)
                                    select new LineSeries(name, points)), count)
        select new LineChartSpec(title, xl, yl, series, date);

    public static readonly Gen<HistogramSpec> Histogram =
        from title in Text
        from s in Gen.Choose(0, 6)
        from names in Gen.ArrayOf(Text, s)
        from n in Gen.Choose(0, 30)
        from rows in Gen.ArrayOf((from key in Text
                                  from k in Gen.Choose(0, s + 1)
                                  from counts in Gen.ArrayOf(Gen.Frequency((6, Gen.Choose(0, 500).Select(c => (double)c)), (1, Value)), k)
                                  select new HistogramRow(key, counts)), n)
        select new HistogramSpec(title, names, rows);
}
