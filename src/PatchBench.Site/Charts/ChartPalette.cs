namespace PatchBench.Site.Charts;

/// <summary>
/// Series colours and marker shapes. Colours are the Okabe–Ito palette (distinguishable with the
/// common colour-vision deficiencies), without its black so every colour reads on light and dark
/// pages, ordered so the low-contrast yellow comes last. Past seven series the colours repeat with
/// a different marker shape and dash pattern, so series stay distinguishable.
/// </summary>
public static class ChartPalette
{
    /// <summary>The colours in the order series get them.</summary>
    public static IReadOnlyList<string> Colours { get; } =
        ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442"];

    /// <summary>Colour of the series at <paramref name="index"/>.</summary>
    public static string Colour(int index) => Colours[((index % Colours.Count) + Colours.Count) % Colours.Count];

    /// <summary>Marker shape of the series at <paramref name="index"/>: changes each time the colours wrap around.</summary>
    public static MarkerShape Shape(int index) => (MarkerShape)((Math.Abs(index) / Colours.Count) % 4);

    /// <summary>SVG stroke-dasharray of the series at <paramref name="index"/> (empty for solid).</summary>
    public static string Dash(int index) => ((Math.Abs(index) / Colours.Count) % 3) switch
    {
        0 => "",
        1 => "6 3",
        _ => "2 3",
    };
}

/// <summary>Shape of a point marker.</summary>
public enum MarkerShape
{
    /// <summary>A filled circle.</summary>
    Circle,
    /// <summary>A filled square.</summary>
    Square,
    /// <summary>A filled triangle pointing up.</summary>
    Triangle,
    /// <summary>A filled diamond.</summary>
    Diamond,
    /// <summary>No marker (legend entries of reference lines).</summary>
    None,
}
