using System.Diagnostics;

namespace PatchBench.Generation.LlamaCpp;

/// <summary>Tokens per second over repetitions: mean and sample standard deviation, as llama-bench prints them.</summary>
/// <param name="Test">"pp512", "tg128", ... (llama-bench's names).</param>
/// <param name="Tokens">Tokens per repetition.</param>
/// <param name="Samples">Tokens/s of each repetition (wall clock around the calls, as llama-bench measures).</param>
/// <param name="EngineSamples">
/// Tokens/s of each repetition by llama.cpp's own perf counters (time inside decode only); empty when not measured.
/// </param>
public sealed record ThroughputResult(string Test, int Tokens, IReadOnlyList<double> Samples, IReadOnlyList<double>? EngineSamples = null)
{
    /// <summary>Mean tokens/s.</summary>
    public double Mean => Samples.Average();

    /// <summary>Sample standard deviation of tokens/s (0 for one sample).</summary>
    public double StandardDeviation => Samples.Count < 2 ? 0
        : Math.Sqrt(Samples.Sum(s => (s - Mean) * (s - Mean)) / (Samples.Count - 1));

    /// <summary>Mean tokens/s by llama.cpp's own counters (NaN when not measured).</summary>
    public double EngineMean => EngineSamples is { Count: > 0 } e ? e.Average() : double.NaN;
}

/// <summary>
/// The measurement llama-bench makes, through LLamaSharp: prompt processing (pp) decodes N random
/// tokens in batches from an empty cache; text generation (tg) decodes N tokens one at a time,
/// waiting for each. One warm-up run first, then repetitions, each from an empty KV cache. Figures
/// are comparable with `llama-bench -p N -n M -t T -r R` on the same file.
/// </summary>
public static class LlamaThroughput
{
    /// <summary>Prompt processing: tokens/s of decoding <paramref name="tokens"/> random tokens (first is BOS).</summary>
    public static ThroughputResult PromptProcessing(LlamaCppGenerator generator, int tokens, int repetitions, int seed = 1)
    {
        var random = new Random(seed);
        var batch = RandomTokens(generator, tokens, random);
        Run(generator, () => generator.DecodeTokens(batch)); // warm-up
        var samples = new List<double>();
        var engine = new List<double>();
        for (var r = 0; r < repetitions; r++)
        {
            batch = RandomTokens(generator, tokens, random);
            var (ms, engineMs) = Run(generator, () => generator.DecodeTokens(batch));
            samples.Add(tokens * 1000.0 / ms);
            engine.Add(tokens * 1000.0 / engineMs);
        }
        return new ThroughputResult($"pp{tokens}", tokens, samples, engine);
    }

    /// <summary>Text generation: tokens/s of decoding <paramref name="tokens"/> tokens one by one.</summary>
    public static ThroughputResult Generation(LlamaCppGenerator generator, int tokens, int repetitions, int seed = 1)
    {
        var random = new Random(seed);
        Run(generator, () => DecodeOneByOne(generator, 1, random)); // warm-up, as llama-bench: one token
        var samples = new List<double>();
        var engine = new List<double>();
        for (var r = 0; r < repetitions; r++)
        {
            var (ms, engineMs) = Run(generator, () => DecodeOneByOne(generator, tokens, random));
            samples.Add(tokens * 1000.0 / ms);
            engine.Add(tokens * 1000.0 / engineMs);
        }
        return new ThroughputResult($"tg{tokens}", tokens, samples, engine);
    }

    private static (double WallMs, double EngineMs) Run(LlamaCppGenerator generator, Action test)
    {
        generator.ClearMemory();
        generator.ResetEngineTimings();
        var watch = Stopwatch.StartNew();
        test();
        generator.Synchronize();
        return (watch.Elapsed.TotalMilliseconds, generator.EngineMilliseconds());
    }

    private static void DecodeOneByOne(LlamaCppGenerator generator, int tokens, Random random)
    {
        var model = generator.Model;
        var token = new int[] { model.AddsBos ? model.Bos : random.Next(model.VocabularySize) };
        for (var i = 0; i < tokens; i++)
        {
            generator.DecodeTokens(token);
            generator.Synchronize();
            token[0] = random.Next(model.VocabularySize);
        }
    }

    private static int[] RandomTokens(LlamaCppGenerator generator, int n, Random random)
    {
        var model = generator.Model;
        var tokens = new int[n];
        for (var i = 0; i < n; i++) tokens[i] = random.Next(model.VocabularySize);
        if (model.AddsBos && n > 0) tokens[0] = model.Bos;
        return tokens;
    }
}
