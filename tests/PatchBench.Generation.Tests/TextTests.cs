using PatchBench.Harness.Records;
using FsCheck;
using FsCheck.Fluent;
using PatchBench.Generation.LlamaCpp;

namespace PatchBench.Generation.Tests;

public class TextTests
{
    private static string Scan(IEnumerable<string> pieces, string[] stops, out bool stopped)
    {
        var scanner = new StopStringScanner(stops);
        var output = string.Concat(pieces.Select(scanner.Append)) + scanner.Flush();
        stopped = scanner.Stopped;
        return output;
    }

    [Fact]
    public void Stop_string_output_is_the_text_before_the_first_stop_however_it_is_split()
    {
        var alphabet = Gen.Elements('a', 'b', 'c', '#', ';');
        var text = Gen.ArrayOf(alphabet).Select(c => new string(c));
        var stop = Gen.NonEmptyListOf(alphabet).Select(c => new string(c.Take(3).ToArray()));
        var cuts = Gen.ListOf(Gen.Choose(0, 60));
        Prop.ForAll(text.ToArbitrary(), Gen.ArrayOf(stop).ToArbitrary(), cuts.ToArbitrary(), (t, stops, cutPoints) =>
        {
            var points = cutPoints.Where(p => p <= t.Length).Append(0).Append(t.Length).Distinct().Order().ToArray();
            var pieces = points.Zip(points.Skip(1), (a, b) => t[a..b]);
            var output = Scan(pieces, stops, out var stopped);
            // Generation stops as soon as a stop string completes: the first end position at which some stop
            // ends (the longest one there), however the text is cut into pieces.
            var end = Enumerable.Range(1, t.Length).FirstOrDefault(e => stops.Any(s => t[..e].EndsWith(s, StringComparison.Ordinal)));
            var expected = end == 0 ? t : t[..(end - stops.Where(s => t[..end].EndsWith(s, StringComparison.Ordinal)).Max(s => s.Length))];
            return output == expected && stopped == (end > 0);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }

    [Fact]
    public void A_stop_that_completes_first_wins_even_when_a_longer_one_started_earlier()
    {
        // "aba" starts first but "b" completes first: generation would have stopped after "ab".
        Assert.Equal("a", Scan(["aba"], ["aba", "b"], out var stopped));
        Assert.True(stopped);
        Assert.Equal("a", Scan(["ab", "a"], ["aba", "b"], out _));
        Assert.Equal("x", Scan(["xab"], ["ab", "b"], out _)); // both end at the same place: the longer one
    }

    [Fact]
    public void Held_back_text_is_released_when_it_does_not_become_a_stop()
    {
        var scanner = new StopStringScanner(["</patch>"]);
        Assert.Equal("abc", scanner.Append("abc</pa"));
        Assert.Equal("</pax", scanner.Append("x"));
        Assert.Equal("", scanner.Append("</"));
        Assert.Equal("", scanner.Append("patch> more"));
        Assert.True(scanner.Stopped);
        Assert.Equal("", scanner.Flush());
    }

    [Fact]
    public void Physical_cores_count_distinct_core_ids_not_hyperthreads()
    {
        var twoCoresFourThreads = string.Join("\n\n", new[] { (0, 0), (0, 1), (0, 0), (0, 1) }
            .Select((c, i) => $"processor\t: {i}\nphysical id\t: {c.Item1}\ncore id\t\t: {c.Item2}\n"));
        Assert.Equal(2, CpuTopology.FromCpuInfo(twoCoresFourThreads));
        var twoSockets = string.Join("\n\n", new[] { (0, 0), (1, 0) }.Select((c, i) => $"processor : {i}\nphysical id : {c.Item1}\ncore id : {c.Item2}"));
        Assert.Equal(2, CpuTopology.FromCpuInfo(twoSockets));
        Assert.Equal(0, CpuTopology.FromCpuInfo("processor : 0\nmodel name : x\n"));
        Assert.InRange(CpuTopology.PhysicalCores(), 1, Environment.ProcessorCount);
    }

    [Fact]
    public void Log_softmax_matches_its_definition()
    {
        float[] logits = [1f, 2f, 3f, 1000f];
        // Naive exp(1000) overflows; the shifted form gives 2 - 1000 - log(1 + e^-999 + e^-998 + e^-997).
        Assert.Equal(-998.0, LlamaCppGenerator.LogSoftmaxAt(logits, 1), 9);
        float[] small = [0.5f, -1f, 2f];
        var sum = small.Sum(l => Math.Exp(l));
        Assert.Equal(Math.Log(Math.Exp(-1) / sum), LlamaCppGenerator.LogSoftmaxAt(small, 1), 6);
        Assert.Equal(0, LlamaCppGenerator.LogSoftmaxAt(logits, 3), 9);
    }
}
