using FsCheck;
using FsCheck.Fluent;
using PatchBench.Site.Charts;

namespace PatchBench.Site.Tests.Charts;

public class ParetoFrontTests
{
    // Small integer grids make ties and duplicates common, where front logic usually breaks.
    private static readonly Gen<(double X, double Y)[]> Points =
        Gen.ArrayOf(from x in Gen.Choose(0, 6) from y in Gen.Choose(0, 6) select ((double)x, (double)y))
            .Select(a => a);

    [Fact]
    public void No_front_point_is_dominated_and_every_other_point_is_dominated_by_a_front_point()
    {
        Prop.ForAll(Arb.From(Points), points =>
        {
            var front = ParetoFront.Of(points);
            Assert.Equal(front.Count, front.Distinct().Count());
            foreach (var f in front)
                Assert.DoesNotContain(points, p => ParetoFront.Dominates(p, points[f]));
            foreach (var i in Enumerable.Range(0, points.Length).Except(front))
                Assert.Contains(front, f => ParetoFront.Dominates(points[f], points[i]));
            // Ordered by X ascending, so Y never rises along the front.
            for (int k = 1; k < front.Count; k++)
            {
                Assert.True(points[front[k]].X >= points[front[k - 1]].X);
                Assert.True(points[front[k]].Y <= points[front[k - 1]].Y);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Non_finite_points_are_never_on_the_front_and_do_not_hide_others()
    {
        var points = new[] { (1.0, 1.0), (double.NaN, 5.0), (double.PositiveInfinity, 9.0), (2.0, 0.5) };
        Assert.Equal([0, 3], ParetoFront.Of(points));
    }

    [Fact]
    public void Front_of_a_typical_leaderboard()
    {
        // (tokens/s, quality): the slow best model, a balanced one, the fastest; two dominated.
        var points = new[] { (12.0, 0.81), (45.0, 0.62), (44.0, 0.55), (130.0, 0.31), (10.0, 0.7), (130.0, 0.31) };
        Assert.Equal([0, 1, 3, 5], ParetoFront.Of(points));
    }
}
