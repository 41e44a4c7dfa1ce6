namespace PatchBench.Site.Charts;

/// <summary>
/// The one font every chart is measured and drawn with: Debian's DejaVu Sans (package <c>fonts-dejavu-core</c>), loaded
/// from its file rather than looked up through the system, so label layout — and so the bytes of every chart — are the
/// same on every machine that has the package, whatever other fonts it has.
/// </summary>
public static class ChartFont
{
    /// <summary>The family name charts ask for (in the SVG too, so a browser with DejaVu shows the measured glyphs).</summary>
    public const string Family = "DejaVu Sans";

    /// <summary>The Debian package that ships <see cref="RegularFile"/> and <see cref="BoldFile"/>.</summary>
    public const string DebianPackage = "fonts-dejavu-core";

    /// <summary>Regular face.</summary>
    public const string RegularFile = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /// <summary>Bold face (titles).</summary>
    public const string BoldFile = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

    private static readonly Lazy<bool> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Registers the font with ScottPlot once; throws one clear message naming the package when it is missing.</summary>
    public static void EnsureLoaded() => _ = Loaded.Value;

    private static bool Load()
    {
        foreach (var file in new[] { RegularFile, BoldFile })
            if (!File.Exists(file))
                throw new FileNotFoundException($"{file} is missing: charts are drawn with DejaVu Sans; install the Debian package {DebianPackage} " +
                    $"(scripts/setup.sh does)", file);
        ScottPlot.Fonts.AddFontFile(Family, RegularFile, bold: false, italic: false);
        ScottPlot.Fonts.AddFontFile(Family, BoldFile, bold: true, italic: false);
        ScottPlot.Fonts.Default = Family;
        return true;
    }
}
