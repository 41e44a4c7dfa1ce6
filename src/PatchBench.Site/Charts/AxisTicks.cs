using System.Globalization;

namespace PatchBench.Site.Charts;

/// <summary>How tick values are written.</summary>
public enum TickLabelStyle
{
    /// <summary>Fixed decimals, as many as the step needs.</summary>
    Fixed,
    /// <summary>Up to four significant digits with an exponent when needed (very large or small values, log axes).</summary>
    General,
    /// <summary>Days since 1970-01-01 written as yyyy-MM-dd.</summary>
    Date,
}

/// <summary>
/// The ticks of one axis, ascending. The first tick is at or below the smallest data value and the
/// last at or above the largest, so the ticks also give the axis range.
/// </summary>
/// <param name="Values">Tick positions in data units, ascending, at least two.</param>
/// <param name="Step">Distance between linear ticks (1, 2 or 5 × 10^k), days for dates, 0 on log axes.</param>
/// <param name="Decimals">Decimals for <see cref="TickLabelStyle.Fixed"/> labels.</param>
/// <param name="Style">How labels are written.</param>
public sealed record AxisTicks(IReadOnlyList<double> Values, double Step, int Decimals, TickLabelStyle Style)
{
    /// <summary>Lower end of the axis.</summary>
    public double Min => Values[0];

    /// <summary>Upper end of the axis.</summary>
    public double Max => Values[^1];

    /// <summary>The label of a tick value.</summary>
    public string Label(double value) => Style switch
    {
        TickLabelStyle.Date => NiceTicks.FormatDate(value),
        TickLabelStyle.General => General(value),
        _ => ZeroIfNegativeZero(value.ToString("F" + Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)),
    };

    // Plain digits where people read them easily (0.001 … 999999), otherwise 2.5e7 rather than 2.5E+07.
    private static string General(double value)
    {
        double a = Math.Abs(value);
        if (a == 0) return "0";
        return a is >= 1e-3 and < 1e6
            ? value.ToString("0.####", CultureInfo.InvariantCulture)
            : value.ToString("0.###e0", CultureInfo.InvariantCulture);
    }

    private static string ZeroIfNegativeZero(string s) => s.StartsWith('-') && s.Trim('-', '0', '.').Length == 0 ? s[1..] : s;
}

/// <summary>
/// Chooses axis ticks people read easily: linear steps of 1, 2 or 5 × 10^k, decades (with 2 and 5
/// between them when the range is short) on log axes, and whole days, weeks, months or years on
/// date axes. Pure functions; non-finite inputs fall back to the range 0–1.
/// </summary>
public static class NiceTicks
{
    // Beyond this magnitude the span of a range could overflow a double.
    private const double Limit = 1e300;

    /// <summary>The smallest step of the form 1, 2 or 5 × 10^k that is at least <paramref name="rawStep"/>.</summary>
    public static double NiceStep(double rawStep)
    {
        if (!double.IsFinite(rawStep) || rawStep <= 0) return 1;
        double exponent = Math.Floor(Math.Log10(rawStep));
        double magnitude = Math.Pow(10, exponent);
        foreach (var m in new[] { 1.0, 2.0, 5.0, 10.0 })
            if (m * magnitude >= rawStep * (1 - 1e-12)) return m * magnitude;
        return 10 * magnitude;
    }

    /// <summary>Linear ticks covering [<paramref name="min"/>, <paramref name="max"/>] with about <paramref name="target"/> intervals.</summary>
    public static AxisTicks Linear(double min, double max, int target = 5)
    {
        target = Math.Clamp(target, 1, 50);
        if (!double.IsFinite(min) || !double.IsFinite(max)) (min, max) = (0, 1);
        if (min > max) (min, max) = (max, min);
        min = Math.Clamp(min, -Limit, Limit);
        max = Math.Clamp(max, -Limit, Limit);
        double magnitude = Math.Max(Math.Abs(min), Math.Abs(max));
        if (max - min <= magnitude * 1e-9)
        {
            // A single value: show a small range around it instead of a zero-width axis.
            double pad = magnitude == 0 ? 1 : magnitude * 0.1;
            min -= pad;
            max += pad;
        }
        double step = NiceStep((max - min) / target);
        double k0 = Math.Floor(min / step), k1 = Math.Ceiling(max / step);
        int decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(step) + 1e-9));
        var values = new List<double>();
        for (double k = k0; k <= k1; k++)
            values.Add(decimals <= 15 ? Math.Round(k * step, decimals) : k * step);
        // Rounding may move an end tick inside the data by an ulp; one more step restores coverage.
        if (values[0] > min) values.Insert(0, values[0] - step);
        if (values[^1] < max) values.Add(values[^1] + step);
        if (values.Count < 2) values.Add(values[0] + step);
        var style = magnitude >= 1e7 || step < 1e-6 ? TickLabelStyle.General : TickLabelStyle.Fixed;
        return new AxisTicks(values, step, decimals, style);
    }

    /// <summary>Log-10 ticks covering [<paramref name="min"/>, <paramref name="max"/>]; both must be positive (otherwise 1–10).</summary>
    public static AxisTicks Log10(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || min <= 0 || max <= 0) (min, max) = (1, 10);
        if (min > max) (min, max) = (max, min);
        min = Math.Clamp(min, 1e-300, Limit);
        max = Math.Clamp(max, 1e-300, Limit);
        int lo = (int)Math.Floor(Math.Log10(min)), hi = (int)Math.Ceiling(Math.Log10(max));
        if (hi == lo) hi++;
        int decades = hi - lo;
        var values = new List<double>();
        if (decades <= 2)
        {
            // Short range: 1, 2, 5 in each decade, trimmed to the ticks just around the data.
            var all = new List<double>();
            for (int d = lo; d <= hi; d++)
                foreach (var m in new[] { 1.0, 2.0, 5.0 })
                    all.Add(Decade(m, d));
            all = all.Where(v => v <= Decade(1, hi)).ToList();
            int first = all.FindLastIndex(v => v <= min);
            int last = all.FindIndex(v => v >= max);
            values.AddRange(all.GetRange(Math.Max(0, first), Math.Max(last, first + 1) - Math.Max(0, first) + 1));
        }
        else
        {
            int every = (int)Math.Ceiling(decades / 8.0);
            int start = (int)Math.Floor(lo / (double)every) * every;
            for (int d = start; ; d += every)
            {
                values.Add(Decade(1, d));
                if (d >= hi) break;
            }
        }
        return new AxisTicks(values, 0, 0, TickLabelStyle.General);
    }

    /// <summary>
    /// Date ticks covering the days [<paramref name="minDay"/>, <paramref name="maxDay"/>] (days since 1970-01-01):
    /// every 1, 2 or 5 days for short ranges, weeks starting on Monday, then the first of every 1, 2, 3 or 6 months, then years.
    /// Dates are clamped to 1900–2200, the range a benchmark's checkpoints can plausibly have.
    /// </summary>
    public static AxisTicks Dates(double minDay, double maxDay, int target = 5)
    {
        target = Math.Clamp(target, 1, 50);
        if (!double.IsFinite(minDay) || !double.IsFinite(maxDay)) (minDay, maxDay) = (0, 1);
        if (minDay > maxDay) (minDay, maxDay) = (maxDay, minDay);
        // Days since 0001-01-01 of 1970-01-01, and the clamp range 1900-01-01 .. 2200-01-01.
        const double first = -719162, from1900 = -25567, to2200 = 83572;
        minDay = Math.Clamp(Math.Floor(minDay), from1900, to2200);
        maxDay = Math.Clamp(Math.Ceiling(maxDay), from1900, to2200);
        if (maxDay - minDay < 2) { minDay -= 1; maxDay += 1; }
        double raw = (maxDay - minDay) / target;
        var values = new List<double>();
        if (raw <= 10)
        {
            double step = raw <= 1 ? 1 : raw <= 2 ? 2 : raw <= 5 ? 5 : 7;
            // 1970-01-05 (day 4) was a Monday: weekly ticks land on Mondays.
            double offset = step == 7 ? 4 : 0;
            double k0 = Math.Floor((minDay - offset) / step), k1 = Math.Ceiling((maxDay - offset) / step);
            for (double k = k0; k <= k1; k++) values.Add(k * step + offset);
            return new AxisTicks(values, step, 0, TickLabelStyle.Date);
        }
        int months = raw <= 14 ? 0 : raw <= 31 ? 1 : raw <= 62 ? 2 : raw <= 92 ? 3 : raw <= 183 ? 6 : 12 * (int)NiceStep(raw / 365.25);
        if (months == 0)
        {
            for (double k = Math.Floor((minDay - 4) / 14); k * 14 + 4 - 14 < maxDay; k++) values.Add(k * 14 + 4);
            return new AxisTicks(values, 14, 0, TickLabelStyle.Date);
        }
        var d0 = DateOnly.FromDayNumber((int)(minDay - first));
        int m0 = d0.Year * 12 + d0.Month - 1;
        m0 -= ((m0 % months) + months) % months;
        for (int m = m0; ; m += months)
        {
            var day = new DateOnly(m / 12, m % 12 + 1, 1).DayNumber + first;
            values.Add(day);
            if (day >= maxDay) break;
        }
        return new AxisTicks(values, months * 30.44, 0, TickLabelStyle.Date);
    }

    /// <summary>Days since 1970-01-01 as yyyy-MM-dd (fractions of a day are dropped).</summary>
    public static string FormatDate(double daysSinceEpoch)
    {
        if (!double.IsFinite(daysSinceEpoch)) return "";
        var days = Math.Clamp(Math.Floor(daysSinceEpoch), -719162, 2932896);
        return DateOnly.FromDayNumber((int)(days + 719162)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static double Decade(double mantissa, int exponent) =>
        double.Parse(mantissa.ToString(CultureInfo.InvariantCulture) + "e" + exponent.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
