using System.Globalization;

namespace PatchBench.Pd.Syntax;

/// <summary>Pd's notion of what text is a number, and how numbers are printed.</summary>
public static class PdNumber
{
    /// <summary>
    /// True when Pd's <c>binbuf_text</c> would read <paramref name="s"/> as a float:
    /// optional sign, digits with at most one point, optional exponent. <c>inf</c>, <c>nan</c>
    /// and hexadecimal stay symbols, as in Pd.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        int i = 0, n = s.Length;
        if (n == 0) return false;
        if (s[i] == '+' || s[i] == '-') i++;
        int digits = 0;
        while (i < n && char.IsAsciiDigit(s[i])) { i++; digits++; }
        if (i < n && s[i] == '.')
        {
            i++;
            while (i < n && char.IsAsciiDigit(s[i])) { i++; digits++; }
        }
        if (digits == 0) return false;
        if (i < n && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            if (i < n && (s[i] == '+' || s[i] == '-')) i++;
            int expDigits = 0;
            while (i < n && char.IsAsciiDigit(s[i])) { i++; expDigits++; }
            if (expDigits == 0) return false;
        }
        if (i != n) return false;
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Prints a number the way Pd saves it (<c>%g</c>-like, shortest round trip for floats).</summary>
    public static string Format(double value)
    {
        if (value == Math.Floor(value) && Math.Abs(value) < 1e15) return ((long)value).ToString(CultureInfo.InvariantCulture);
        return ((float)value).ToString("R", CultureInfo.InvariantCulture).Replace("E+", "e+").Replace("E-", "e-");
    }
}
