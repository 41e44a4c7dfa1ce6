namespace PatchBench.Harness.Statistics;

/// <summary>
/// Detects repetition loops, the failure seed 002 warns of (beam search and greedy decoding repeating a line or a
/// phrase until the token limit). An output is degenerate when either
/// (a) it has at least 6 non-blank lines and one line (trimmed) makes up at least half of them, or
/// (b) its words end in a cycle of period p ≤ 50 repeated at least 3 times that covers at least half of its words
/// (at least 12 words).
/// </summary>
public static class DegenerateOutput
{
    /// <summary>True when <paramref name="output"/> is a repetition loop.</summary>
    public static bool IsDegenerate(string output)
    {
        if (string.IsNullOrWhiteSpace(output)) return false;
        var lines = output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (lines.Count >= 6)
        {
            var top = lines.GroupBy(l => l, StringComparer.Ordinal).Max(g => g.Count());
            if (top * 2 >= lines.Count) return true;
        }
        var words = output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var n = words.Length;
        if (n < 12) return false;
        for (var p = 1; p <= Math.Min(50, n / 3); p++)
        {
            // Length of the suffix in which every word equals the word p before it.
            var run = 0;
            for (var i = n - 1; i >= p && words[i] == words[i - p]; i--) run++;
            var covered = run + p;
            if (covered >= 3 * p && covered * 2 >= n) return true;
        }
        return false;
    }
}
