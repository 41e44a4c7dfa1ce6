using System.Globalization;
using PatchBench.Pd.Syntax;

namespace PatchBench.Pd.Drawing;

/// <summary>IEM GUI colours as saved in patch files, turned into SVG colours.</summary>
public static class SvgColour
{
    // The 30 preset colours of IEM GUIs saved by old Pd versions as small non-negative numbers.
    private static readonly string[] Presets =
    [
        "#fcfcfc", "#a0a0a0", "#404040", "#fce0e0", "#fce0c0", "#fcfcc8", "#d8fcd8", "#d8fcfc", "#dce4fc", "#f8d8fc",
        "#e0e0e0", "#7c7c7c", "#202020", "#fc2828", "#fcac44", "#e8e828", "#14e814", "#28f4f4", "#3c50fc", "#f430f0",
        "#bcbcbc", "#606060", "#000000", "#8c0808", "#583000", "#782814", "#285014", "#004450", "#001488", "#580050",
    ];

    /// <summary>
    /// Decodes a saved colour: <c>#rrggbb</c> (Pd 0.51 and later), a negative number packing 6-bit
    /// RGB as <c>-1 - (r·4096 + g·64 + b)</c>, or a preset index; <paramref name="fallback"/> otherwise.
    /// </summary>
    public static string Decode(PdAtom? atom, string fallback)
    {
        if (atom is not { } a) return fallback;
        if (a.IsSymbol && a.Value.Length == 7 && a.Value[0] == '#'
            && int.TryParse(a.Value.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out _))
            return a.Value.ToLowerInvariant();
        if (!a.IsFloat) return fallback;
        int n = (int)a.Number;
        if (n >= 0) return n < Presets.Length ? Presets[n] : fallback;
        int c = -1 - n;
        int r = ((c >> 12) & 63) << 2, g = ((c >> 6) & 63) << 2, b = (c & 63) << 2;
        return $"#{r:x2}{g:x2}{b:x2}";
    }
}
