using System.Collections.Concurrent;
using PatchBench.Generation.Extraction;
using PatchBench.Generation.Prompts;
using PatchBench.Generation.Retrieval;
using PatchBench.Harness.Records;
using PatchBench.Harness.Runs;
using PatchBench.Harness.Systems;

namespace PatchBench.Generation.Systems;

/// <summary>How a <see cref="GeneratorSystem"/> prompts and decodes.</summary>
/// <param name="Format">Prompt template.</param>
/// <param name="SystemInstruction">System instruction, or null for none.</param>
/// <param name="FewShot">Worked examples per prompt, taken from the pool by similarity.</param>
/// <param name="Measure">How pool prompts are ranked.</param>
/// <param name="Decoding">Decoding settings; the seed of sample i is <see cref="Seed"/> + i.</param>
/// <param name="Seed">Base seed (few-shot tie-breaks and sampling).</param>
/// <param name="Perplexity">Score the reference patch's log-likelihood once per item when the backend can.</param>
public sealed record GeneratorSystemSettings(
    PromptFormat Format,
    string? SystemInstruction,
    int FewShot,
    SimilarityMeasure Measure,
    DecodingSettings Decoding,
    int Seed,
    bool Perplexity);

/// <summary>
/// Adapts an <see cref="IGenerator"/> to the harness: builds the prompt (template, system instruction, k nearest
/// few-shot examples from the pool, never the item itself), generates, extracts the patch, and maps token counts,
/// timings and the finish reason into <see cref="SystemOutput"/>. When the backend is an
/// <see cref="ILogLikelihoodScorer"/>, the reference patch's log-likelihood after the same prompt is computed once
/// per item (perplexity mode); after a chat prompt only when the backend is an <see cref="IPromptRenderer"/> that
/// shows the text its template made.
/// </summary>
public sealed class GeneratorSystem : ISystemUnderTest, IConcurrentSystem, IDisposable
{
    private readonly IGenerator _generator;
    private readonly FewShotPool? _pool;
    private readonly ConcurrentDictionary<string, Lazy<Task<Likelihood?>>> _likelihoods = new(StringComparer.Ordinal);

    /// <summary>Creates the adapter; <paramref name="model"/> is what the run records about the loaded model.</summary>
    public GeneratorSystem(SystemSpec spec, IGenerator generator, GeneratorSystemSettings settings, FewShotPool? pool,
        int concurrency = 1, ModelFacts? model = null)
    {
        if (settings.FewShot > 0 && pool is null) throw new ArgumentException("few-shot examples need a pool", nameof(pool));
        Spec = spec;
        _generator = generator;
        Settings = settings;
        _pool = pool;
        Concurrency = concurrency;
        Model = model;
    }

    /// <inheritdoc />
    public SystemSpec Spec { get; }

    /// <summary>Prompting and decoding settings.</summary>
    public GeneratorSystemSettings Settings { get; }

    /// <inheritdoc />
    public int Concurrency { get; }

    /// <inheritdoc />
    public ModelFacts? Model { get; }

    /// <summary>The generator behind the system.</summary>
    public IGenerator Generator => _generator;

    /// <summary>The prompt this system sends for <paramref name="item"/> (deterministic: same item, same prompt).</summary>
    public BuiltPrompt BuildPrompt(BenchItem item)
    {
        var examples = _pool?.Examples(item, Settings.FewShot, Settings.Measure, Settings.Seed) ?? [];
        return PromptBuilder.Build(Settings.Format, item.Prompt, examples, Settings.SystemInstruction);
    }

    /// <summary>The generation request for one sample.</summary>
    public GenerationRequest Request(BuiltPrompt prompt, int sampleIndex)
    {
        var decoding = Settings.Decoding with
        {
            Samples = 1,
            Seed = unchecked((uint)Settings.Seed + (uint)sampleIndex),
            Stop = Settings.Decoding.Stop.Concat(PromptBuilder.StopStrings(Settings.Format)).Distinct().ToArray(),
        };
        return prompt.Text is { } text ? GenerationRequest.FromPrompt(text, decoding) : GenerationRequest.FromChat(prompt.Messages!, decoding);
    }

    /// <inheritdoc />
    public async Task<SystemOutput> GenerateAsync(BenchItem item, int sampleIndex, CancellationToken cancellationToken)
    {
        var prompt = BuildPrompt(item);
        var request = Request(prompt, sampleIndex);
        var completion = (await _generator.GenerateAsync(request, cancellationToken).ConfigureAwait(false)).Single();
        var extracted = PatchExtractor.Extract(completion.Text);
        var likelihood = await ReferenceLikelihoodAsync(item, request, cancellationToken).ConfigureAwait(false);
        return new SystemOutput(
            completion.Text,
            extracted.Patch,
            prompt.Canonical,
            completion.Tokens,
            completion.Timings,
            likelihood,
            completion.FinishReason.ToWireName(),
            ExtractionName(extracted.Status));
    }

    /// <summary>The wire name of an extraction status.</summary>
    public static string ExtractionName(ExtractionStatus status) => status switch
    {
        ExtractionStatus.Complete => "complete",
        ExtractionStatus.Truncated => "truncated",
        _ => "not_found",
    };

    private Task<Likelihood?> ReferenceLikelihoodAsync(BenchItem item, GenerationRequest request, CancellationToken ct)
    {
        if (!Settings.Perplexity || _generator is not ILogLikelihoodScorer scorer || string.IsNullOrEmpty(item.ReferencePatch))
            return Task.FromResult<Likelihood?>(null);
        var promptText = request.Prompt ?? (_generator as IPromptRenderer)?.RenderPrompt(request);
        if (promptText is null) return Task.FromResult<Likelihood?>(null);
        // Once per item, whichever sample asks first; the others share the result.
        return _likelihoods.GetOrAdd(item.Id, _ => new Lazy<Task<Likelihood?>>(async () =>
        {
            try
            {
                // Per-token values are not recorded per sample: the sum and count are what perplexity needs.
                var score = await scorer.ScoreAsync(promptText, item.ReferencePatch, ct).ConfigureAwait(false);
                return score with { TokenLogProbs = null };
            }
            catch (ArgumentException)
            {
                // Prompt plus reference longer than the context: no perplexity for this item, the sample still counts.
                return null;
            }
        })).Value;
    }

    /// <inheritdoc />
    public void Dispose() => (_generator as IDisposable)?.Dispose();
}
