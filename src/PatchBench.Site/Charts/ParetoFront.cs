namespace PatchBench.Site.Charts;

/// <summary>
/// The Pareto front of points where higher X and higher Y are both better (quality vs. speed):
/// the points no other point beats on one axis without losing on the other.
/// </summary>
public static class ParetoFront
{
    /// <summary>True when <paramref name="a"/> is at least as good as <paramref name="b"/> on both axes and better on one.</summary>
    public static bool Dominates((double X, double Y) a, (double X, double Y) b) =>
        a.X >= b.X && a.Y >= b.Y && (a.X > b.X || a.Y > b.Y);

    /// <summary>
    /// Indices of the front points, ordered by X ascending (so Y descends along the front). Points
    /// with a non-finite coordinate are ignored; identical front points are all kept.
    /// </summary>
    public static IReadOnlyList<int> Of(IReadOnlyList<(double X, double Y)> points)
    {
        // Sort best-X first; a point is on the front when no point before it (X at least as high)
        // has a Y at least as high, unless that point is an exact duplicate of it.
        var order = Enumerable.Range(0, points.Count)
            .Where(i => double.IsFinite(points[i].X) && double.IsFinite(points[i].Y))
            .OrderByDescending(i => points[i].X).ThenByDescending(i => points[i].Y).ThenByDescending(i => i)
            .ToList();
        var front = new List<int>();
        double bestY = double.NegativeInfinity;
        (double X, double Y)? lastFront = null;
        foreach (var i in order)
        {
            var p = points[i];
            if (p.Y > bestY || (lastFront is { } f && f.X == p.X && f.Y == p.Y))
            {
                front.Add(i);
                bestY = Math.Max(bestY, p.Y);
                lastFront = p;
            }
        }
        front.Reverse();
        return front;
    }
}
