using PatchBench.Harness.Records;
using PatchBench.Harness.Runs;

namespace PatchBench.Harness.Systems;

/// <summary>
/// A system being benchmarked: turns an item's prompt into output text. Generation backends adapt their
/// generator to this; the harness only sees text, token counts, timings and the model's facts.
/// </summary>
public interface ISystemUnderTest
{
    /// <summary>The spec the system was created from (identity of the run).</summary>
    SystemSpec Spec { get; }

    /// <summary>What the run records about the loaded model (run.json <c>system.model</c>); null for model-free systems.</summary>
    ModelFacts? Model => null;

    /// <summary>Generates sample number <paramref name="sampleIndex"/> for <paramref name="item"/>.</summary>
    Task<SystemOutput> GenerateAsync(BenchItem item, int sampleIndex, CancellationToken cancellationToken);
}

/// <summary>What a system produced for one sample.</summary>
/// <param name="Text">The raw output text.</param>
/// <param name="Patch">The extracted patch, or null to take <paramref name="Text"/> as the patch.</param>
/// <param name="Prompt">The exact prompt text sent (after templating), or null when it is the item's prompt.</param>
/// <param name="Tokens">Token counts when the backend reports them.</param>
/// <param name="Timings">Generation timings when the backend reports them.</param>
/// <param name="ReferenceLogLikelihood">Log-likelihood of the reference patch (perplexity mode), when supported.</param>
/// <param name="FinishReason">Why generation ended (stop | length | stop_string), when a model generated the text.</param>
/// <param name="Extraction">How the patch was taken from the text (complete | truncated | not_found), when extracted.</param>
public sealed record SystemOutput(
    string Text,
    string? Patch = null,
    string? Prompt = null,
    TokenCounts? Tokens = null,
    GenerationTimings? Timings = null,
    Likelihood? ReferenceLogLikelihood = null,
    string? FinishReason = null,
    string? Extraction = null);

/// <summary>
/// A system that serves several samples at once (an HTTP server with <c>concurrency=N</c>): the run executor
/// generates at least this many samples in parallel.
/// </summary>
public interface IConcurrentSystem
{
    /// <summary>Samples the system can usefully generate at the same time.</summary>
    int Concurrency { get; }
}
