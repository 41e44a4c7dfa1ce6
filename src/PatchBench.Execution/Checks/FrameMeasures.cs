using PatchBench.Harness.Suites;

namespace PatchBench.Execution.Checks;

/// <summary>
/// What sampled Gem frames show (docs/checks.md, "Frames"). Pure. A frame is a 16×16 grid of colours; its background is
/// its most common colour (points within <see cref="SameColour"/> of each other count as one), and the other points are
/// what is drawn.
/// </summary>
public static class FrameMeasures
{
    /// <summary>Largest per-channel difference (0..1) between two colours that still count as the same colour.</summary>
    public const double SameColour = 0.08;

    /// <summary>Smallest share of the grid that must differ between two frames for the picture to have changed (one point in 64 is noise from
    /// antialiasing).</summary>
    public const int MinChangedPoints = 2;

    /// <summary>True when two colours are the same within <see cref="SameColour"/>.</summary>
    public static bool Same((double R, double G, double B) a, (double R, double G, double B) b) =>
        Math.Abs(a.R - b.R) <= SameColour && Math.Abs(a.G - b.G) <= SameColour && Math.Abs(a.B - b.B) <= SameColour;

    /// <summary>The most common colour of <paramref name="frame"/> (the first point of the largest group of same colours).</summary>
    public static (double R, double G, double B) Background(FrameSample frame)
    {
        var points = frame.Points;
        int best = 0, bestCount = -1;
        for (int i = 0; i < points.Count; i++)
        {
            int count = points.Count(p => Same(p, points[i]));
            if (count > bestCount) { best = i; bestCount = count; }
        }
        return points[best];
    }

    /// <summary>The points of <paramref name="frame"/> that are not its background.</summary>
    public static IReadOnlyList<(double R, double G, double B)> Drawn(FrameSample frame)
    {
        var bg = Background(frame);
        return frame.Points.Where(p => !Same(p, bg)).ToArray();
    }

    /// <summary>Points that differ between two frames.</summary>
    public static int ChangedPoints(FrameSample a, FrameSample b) =>
        a.Points.Zip(b.Points).Count(p => !Same(p.First, p.Second));

    /// <summary>
    /// The name of <paramref name="c"/> among <see cref="FrameExpectation.Colours"/>: each channel counts as on when it is
    /// at least half the brightest one (and the brightest is visible), so a lit, shaded red is still red; all three on is
    /// white when bright, grey when dim; null for black.
    /// </summary>
    public static string? ColourName((double R, double G, double B) c)
    {
        double max = Math.Max(c.R, Math.Max(c.G, c.B));
        if (max < 0.1) return null;
        bool r = c.R >= max / 2, g = c.G >= max / 2, b = c.B >= max / 2;
        return (r, g, b) switch
        {
            (true, false, false) => "red",
            (false, true, false) => "green",
            (false, false, true) => "blue",
            (true, true, false) => "yellow",
            (false, true, true) => "cyan",
            (true, false, true) => "magenta",
            _ => max >= 0.6 ? "white" : "grey",
        };
    }

    /// <summary>The most common colour name among <paramref name="points"/>, or null when none has one.</summary>
    public static string? MainColour(IEnumerable<(double R, double G, double B)> points) =>
        points.Select(ColourName).Where(n => n is not null).GroupBy(n => n).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();

    /// <summary>Each unmet part of <paramref name="e"/>: <paramref name="last"/> are the frames of the last observation, <paramref name="first"/> those of the
    /// first.</summary>
    public static IEnumerable<string> Check(FrameExpectation e, IReadOnlyList<FrameSample> last, IReadOnlyList<FrameSample> first)
    {
        if (last.Count == 0)
        {
            yield return "no Gem frame was rendered in the observation (no [gemwin], or it was never created)";
            yield break;
        }
        bool drawn = last.Any(f => Drawn(f).Count > 0);
        if (e.Drawn == true && !drawn) yield return $"expected something drawn, every one of {last.Count} frames is one flat colour";
        if (e.Drawn == false && drawn) yield return "expected an empty window, something is drawn";
        if (e.Colour is { } want)
        {
            var got = MainColour(Drawn(last[^1]));
            if (got != want) yield return $"expected the drawing mostly {want}, it is {got ?? (drawn ? "black" : "not there")}";
        }
        if (e.Moves is bool moves)
        {
            int changed = Enumerable.Range(1, last.Count - 1).Select(i => ChangedPoints(last[i - 1], last[i])).DefaultIfEmpty(0).Max();
            int overall = ChangedPoints(last[0], last[^1]);
            bool moved = Math.Max(changed, overall) >= MinChangedPoints;
            if (moves && !moved) yield return $"expected the picture to move, {last.Count} frames are the same";
            if (!moves && moved) yield return $"expected a still picture, it changed in {Math.Max(changed, overall)} of {last[0].Points.Count} points";
        }
        if (e.Changes is bool changes)
        {
            if (first.Count == 0) yield return "no Gem frame was rendered in the first observation, nothing to compare with";
            else
            {
                int d = ChangedPoints(first[^1], last[^1]);
                if (changes && d < MinChangedPoints) yield return "expected the picture to change after the steps, it is the same as in the first observation";
                if (!changes && d >= MinChangedPoints) yield return $"expected the same picture as in the first observation, {d} points differ";
            }
        }
    }

    /// <summary>A frame list in words, for a report: how many, and what the last shows.</summary>
    public static string Describe(IReadOnlyList<FrameSample> frames)
    {
        if (frames.Count == 0) return "no frames";
        var drawn = Drawn(frames[^1]);
        return $"{frames.Count} frames, last: {drawn.Count} of {frames[^1].Points.Count} points drawn" + (MainColour(drawn) is { } c ? $", mostly {c}" : "");
    }
}
