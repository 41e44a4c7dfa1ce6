using PatchBench.Harness.Runs;

namespace PatchBench.Harness.Systems;

/// <summary>
/// A system being benchmarked: turns an item's prompt into output text. Generation backends adapt their
/// generator to this; the harness only sees text, token counts and timings.
/// </summary>
public interface ISystemUnderTest
{
    /// <summary>The spec the system was created from (identity of the run).</summary>
    SystemSpec Spec { get; }

    /// <summary>Generates sample number <paramref name="sampleIndex"/> for <paramref name="item"/>.</summary>
    Task<SystemOutput> GenerateAsync(BenchItem item, int sampleIndex, CancellationToken cancellationToken);
}

/// <summary>What a system produced for one sample.</summary>
/// <param name="Text">The raw output text.</param>
/// <param name="Patch">The extracted patch, or null to take <paramref name="Text"/> as the patch.</param>
/// <param name="Prompt">The exact prompt text sent (after templating), or null when it is the item's prompt.</param>
/// <param name="Tokens">Token counts when the backend reports them.</param>
/// <param name="Timings">Generation timings when the backend reports them.</param>
/// <param name="ReferenceLogLikelihood">Log-likelihood of the reference patch and its token count (perplexity mode), when supported.</param>
public sealed record SystemOutput(
    string Text,
    string? Patch = null,
    string? Prompt = null,
    TokenCounts? Tokens = null,
    GenerationTimings? Timings = null,
    ReferenceLikelihood? ReferenceLogLikelihood = null);

/// <summary>Prompt and completion token counts.</summary>
public sealed record TokenCounts(int Prompt, int Completion);

/// <summary>Generation timings in milliseconds and tokens per second.</summary>
/// <param name="TimeToFirstTokenMs">Time from request to the first generated token.</param>
/// <param name="PromptTokensPerSecond">Prompt processing speed.</param>
/// <param name="GenerationTokensPerSecond">Generation speed.</param>
/// <param name="TotalMs">Total generation latency.</param>
public sealed record GenerationTimings(double? TimeToFirstTokenMs, double? PromptTokensPerSecond, double? GenerationTokensPerSecond, double TotalMs);

/// <summary>Summed log-likelihood (natural log) of the reference patch's tokens under the model.</summary>
public sealed record ReferenceLikelihood(double LogLikelihood, int TokenCount)
{
    /// <summary>exp(−LL / tokens).</summary>
    public double Perplexity => TokenCount == 0 ? double.NaN : Math.Exp(-LogLikelihood / TokenCount);
}

/// <summary>Creates systems from specs; the CLI chains factories (built-ins, then generation backends).</summary>
public interface ISystemFactory
{
    /// <summary>Creates the system, or returns null when this factory does not know the backend.</summary>
    ISystemUnderTest? TryCreate(SystemSpec spec, BenchSuite suite);
}
