namespace PatchBench.Pd.Graph;

/// <summary>
/// The minimum-cost perfect matching of a square cost matrix (the Hungarian algorithm in its
/// shortest-augmenting-path form with potentials, as Jonker and Volgenant describe it): O(n³).
/// </summary>
public static class LinearAssignment
{
    /// <summary>
    /// Solves the assignment problem for the <paramref name="n"/>×<paramref name="n"/> matrix stored
    /// row-major in <paramref name="cost"/>; returns, for each row, the column assigned to it.
    /// </summary>
    public static int[] Solve(ReadOnlySpan<double> cost, int n)
    {
        if (cost.Length != n * n) throw new ArgumentException($"expected {n}×{n} costs, got {cost.Length}", nameof(cost));
        var rowOf = new int[n + 1];     // rowOf[j]: 1-based row matched to column j (0 = free); column 0 is the virtual start
        var u = new double[n + 1];      // row potentials
        var v = new double[n + 1];      // column potentials
        var way = new int[n + 1];       // previous column on the augmenting path
        var minv = new double[n + 1];
        var used = new bool[n + 1];
        var assigned = new bool[n + 1];

        // Jonker-Volgenant's column reduction: v[j] = the column's minimum keeps u + v <= cost, and a
        // row whose reduced cost is 0 at a still-free column takes it at once. On graph-similarity
        // matrices most rows match this way, leaving few augmenting paths to search.
        for (int j = 1; j <= n; j++)
        {
            double min = double.PositiveInfinity;
            for (int i = 0; i < n; i++) min = Math.Min(min, cost[i * n + j - 1]);
            v[j] = min;
        }
        for (int i = 1; i <= n; i++)
        {
            int rowBase = (i - 1) * n;
            for (int j = 1; j <= n; j++)
                if (rowOf[j] == 0 && cost[rowBase + j - 1] - v[j] == 0) { rowOf[j] = i; assigned[i] = true; break; }
        }

        for (int i = 1; i <= n; i++)
        {
            if (assigned[i]) continue;
            rowOf[0] = i;
            int j0 = 0;
            Array.Fill(minv, double.PositiveInfinity);
            Array.Clear(used);
            do
            {
                used[j0] = true;
                int i0 = rowOf[j0], j1 = 0;
                double delta = double.PositiveInfinity;
                int rowBase = (i0 - 1) * n;
                for (int j = 1; j <= n; j++)
                {
                    if (used[j]) continue;
                    double cur = cost[rowBase + j - 1] - u[i0] - v[j];
                    if (cur < minv[j]) { minv[j] = cur; way[j] = j0; }
                    if (minv[j] < delta) { delta = minv[j]; j1 = j; }
                }
                for (int j = 0; j <= n; j++)
                {
                    if (used[j]) { u[rowOf[j]] += delta; v[j] -= delta; }
                    else minv[j] -= delta;
                }
                j0 = j1;
            } while (rowOf[j0] != 0);
            do
            {
                int j1 = way[j0];
                rowOf[j0] = rowOf[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        var result = new int[n];
        for (int j = 1; j <= n; j++)
            if (rowOf[j] > 0) result[rowOf[j] - 1] = j - 1;
        return result;
    }
}
