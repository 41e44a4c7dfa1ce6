namespace PatchBench.Pd.Drawing;

/// <summary>Pd's nominal font metrics (zoom 1): the point sizes it offers and each one's character width and line height.</summary>
/// <param name="Size">The point size Pd uses (8, 10, 12, 16, 24 or 36).</param>
/// <param name="Width">Character width in pixels.</param>
/// <param name="Height">Line height in pixels.</param>
public readonly record struct PdFont(int Size, int Width, int Height)
{
    // Pd's own table (s_main.c, sys_fontspec): sizes and their nominal character cells.
    private static readonly PdFont[] Table = [new(8, 5, 11), new(10, 6, 13), new(12, 7, 16), new(16, 10, 19), new(24, 14, 29), new(36, 22, 44)];

    /// <summary>The font Pd picks for a requested size: the largest of its sizes not above it (the smallest if all are).</summary>
    public static PdFont Nearest(double requested)
    {
        var pick = Table[0];
        foreach (var f in Table)
            if (f.Size <= requested) pick = f;
        return pick;
    }
}
