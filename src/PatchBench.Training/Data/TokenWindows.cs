namespace PatchBench.Training.Data;

/// <summary>
/// The training batches, a pure function of the corpus, the seed and the step: each epoch concatenates the documents
/// (few-shot ones repeated) in an order shuffled by (seed, epoch), cuts the stream into windows of context + 1 tokens,
/// and the windows of all epochs are visited in an order shuffled by the seed. So a run resumed at step N sees exactly
/// the batches an uninterrupted run sees from step N, and the same seed always gives the same weights.
/// </summary>
public sealed class TokenWindows
{
    private readonly int[] _stream;
    private readonly int[] _order;

    /// <summary>Window length: context + 1 (inputs and the targets shifted by one).</summary>
    public int Length { get; }

    /// <summary>Windows per batch.</summary>
    public int Batch { get; }

    /// <summary>Tokens in one epoch.</summary>
    public long EpochTokens { get; }

    /// <summary>Prepares enough epochs for <paramref name="steps"/> batches of <paramref name="batch"/> windows of <paramref name="context"/> tokens.</summary>
    public TokenWindows(TrainingCorpus corpus, int context, int batch, int steps, int seed)
    {
        (Length, Batch) = (context + 1, batch);
        var docs = corpus.Documents.SelectMany(d => Enumerable.Repeat(TrainingCorpus.Tokens(d), d.Repeats(corpus.PromptRepeats))).ToArray();
        EpochTokens = docs.Sum(d => (long)d.Length);
        if (EpochTokens < Length) throw new ArgumentException($"the corpus has {EpochTokens} tokens, fewer than one window of {Length}");
        long needed = (long)steps * batch * context + Length;
        var stream = new List<int>();
        for (var epoch = 0; stream.Count < needed; epoch++)
        {
            foreach (var i in Permutation(docs.Length, unchecked(seed * 1_000_003 + epoch + 1)) /* not HashCode: it is salted per process */) stream.AddRange(
                docs[i]);
        }
        _stream = [.. stream];
        var windows = (_stream.Length - 1) / context;
        _order = Permutation(windows, seed);
        Context = context;
    }

    /// <summary>Context length (window length minus one).</summary>
    public int Context { get; }

    /// <summary>The batch of step <paramref name="step"/> (0-based): Batch × (context + 1) token ids, row-major.</summary>
    public long[] BatchAt(int step)
    {
        var ids = new long[Batch * Length];
        for (var b = 0; b < Batch; b++)
        {
            var window = _order[(int)(((long)step * Batch + b) % _order.Length)];
            for (var t = 0; t < Length; t++) ids[b * Length + t] = _stream[window * Context + t];
        }
        return ids;
    }

    // Fisher–Yates with System.Random's seeded generator, whose sequence .NET keeps fixed for a given seed.
    private static int[] Permutation(int n, int seed)
    {
        var p = Enumerable.Range(0, n).ToArray();
        var random = new Random(seed);
        for (var i = n - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }
}
