using PatchBench.Harness.Records;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace PatchBench.Generation;

/// <summary>
/// What every in-process backend (llama.cpp, ONNX Runtime) shares around its decoder loop: one request
/// at a time (requests queue on a gate), validation of the decoding settings, sample <c>i</c> seeded with
/// seed + i, streaming and log-likelihood scoring off the caller's thread. A backend supplies tokenizing,
/// one completion and one score.
/// </summary>
public abstract class InProcessGenerator : IGenerator, ILogLikelihoodScorer, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The prompt tokens of a request (BOS added when the model wants it, never twice).</summary>
    public abstract int[] TokenizePrompt(GenerationRequest request);

    /// <summary>One completion of <paramref name="prompt"/> from an empty cache; each piece of text goes to <paramref name="onPiece"/> as it is
    /// produced.</summary>
    protected abstract Completion GenerateOne(int[] prompt, DecodingSettings decoding, uint seed, Action<string>? onPiece, CancellationToken ct);

    /// <summary>Teacher-forced log-likelihood of <paramref name="continuation"/> after <paramref name="prompt"/>.</summary>
    protected abstract Likelihood Score(string prompt, string continuation, CancellationToken ct);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Completion>> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        var (prompt, seed) = Prepare(request);
        var results = new List<Completion>(request.Decoding.Samples);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var i = 0; i < request.Decoding.Samples; i++)
            {
                var sampleSeed = unchecked(seed + (uint)i);
                results.Add(await Task.Run(() => GenerateOne(prompt, request.Decoding, sampleSeed, null, cancellationToken), cancellationToken)
                    .ConfigureAwait(false));
            }
        }
        finally
        {
            _gate.Release();
        }
        return results;
    }

    /// <summary>
    /// Generates one completion (seed = the request's seed) and hands every piece of text to
    /// <paramref name="onPiece"/> as it is produced: streaming with the final counts and timings,
    /// which is what a server speaking a streaming wire format needs.
    /// </summary>
    public async Task<Completion> GenerateStreamingAsync(GenerationRequest request, Action<string> onPiece, CancellationToken cancellationToken = default)
    {
        var (prompt, seed) = Prepare(request);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => GenerateOne(prompt, request.Decoding, seed, onPiece, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> StreamAsync(GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (prompt, seed) = Prepare(request);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var released = 0;
        void Release() { if (Interlocked.Exchange(ref released, 1) == 0) _gate.Release(); }
        try
        {
            await foreach (var piece in PieceStream.ReadAsync((onPiece, stop) =>
            {
                try { GenerateOne(prompt, request.Decoding, seed, onPiece, stop); }
                finally { Release(); }
                return Task.CompletedTask;
            }, cancellationToken).ConfigureAwait(false))
                yield return piece;
        }
        finally
        {
            Release();
        }
    }

    /// <inheritdoc />
    public async Task<Likelihood> ScoreAsync(string prompt, string continuation, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => Score(prompt, continuation, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Refuses an empty prompt or one that leaves no room in a context of <paramref name="contextSize"/> tokens.</summary>
    protected static void CheckPromptFits(int[] prompt, int contextSize)
    {
        if (prompt.Length == 0) throw new ArgumentException("the prompt is empty (no tokens) and the model adds no BOS token");
        if (prompt.Length >= contextSize)
            throw new ArgumentException($"the prompt has {prompt.Length} tokens; the context holds {contextSize} (raise ContextSize)");
    }

    /// <summary>
    /// Timings by the caller's clock: prompt tokens/s over the prompt run; generation tokens/s between the first and
    /// the last sampled token (the first token's wait is time to first token, not generation).
    /// </summary>
    protected static GenerationTimings ClockTimings(int promptTokens, double promptMs, int generated, double firstTokenMs, double lastTokenMs, double totalMs,
        EngineTimings engine) =>
        new()
        {
            TimeToFirstTokenMs = generated == 0 && firstTokenMs == 0 ? totalMs : firstTokenMs,
            PromptTokensPerSecond = promptMs > 0 ? promptTokens * 1000.0 / promptMs : 0,
            GenerationTokensPerSecond = generated > 1 && lastTokenMs > firstTokenMs ? (generated - 1) * 1000.0 / (lastTokenMs - firstTokenMs) : 0,
            TotalMs = totalMs,
            Engine = engine,
        };

    /// <summary>
    /// The token loop both backends run after the prompt: sample, stop at an end token, add the token's text (the
    /// backend's streaming detokenizer gives it, whole characters only), stop at a stop string or <paramref name="maxTokens"/>,
    /// else decode the token and go on. The backend supplies sampling, the end test, the text and the one-token decode.
    /// </summary>
    protected static DecodedText DecodeLoop(int maxTokens, DecodingSettings d, Action<string>? onPiece, Stopwatch clock,
        Func<int> sample, Func<int, bool> isEnd, Func<int, string> text, Action<int> decodeNext, CancellationToken ct)
    {
        var completion = new CompletionText(d.Stop, onPiece);
        return Loop(maxTokens, completion, clock, sample, isEnd, token => completion.FeedText(text(token)), decodeNext, ct);
    }

    /// <summary>The same loop for a backend that gives each token's raw bytes (UTF-8 characters reassembled here).</summary>
    protected static DecodedText DecodeLoop(int maxTokens, DecodingSettings d, Action<string>? onPiece, Stopwatch clock,
        Func<int> sample, Func<int, bool> isEnd, TokenBytes bytes, Action<int> decodeNext, CancellationToken ct)
    {
        var completion = new CompletionText(d.Stop, onPiece);
        return Loop(maxTokens, completion, clock, sample, isEnd, token => completion.Feed(bytes(token)), decodeNext, ct);
    }

    private static DecodedText Loop(int maxTokens, CompletionText text, Stopwatch clock,
        Func<int> sample, Func<int, bool> isEnd, Action<int> feed, Action<int> decodeNext, CancellationToken ct)
    {
        var reason = FinishReason.Length;
        var generated = 0;
        double firstTokenMs = 0, lastTokenMs = 0;
        while (generated < maxTokens)
        {
            ct.ThrowIfCancellationRequested();
            var token = sample();
            lastTokenMs = clock.Elapsed.TotalMilliseconds;
            if (generated == 0) firstTokenMs = lastTokenMs;
            if (isEnd(token)) { reason = FinishReason.Stop; break; }
            generated++;
            feed(token);
            if (text.Stopped) { reason = FinishReason.StopString; break; }
            if (generated == maxTokens) break;
            decodeNext(token);
        }
        text.Finish();
        if (text.Stopped) reason = FinishReason.StopString;
        return new DecodedText(text.Text, generated, reason, firstTokenMs, lastTokenMs);
    }

    private (int[] Prompt, uint Seed) Prepare(GenerationRequest request)
    {
        Validate(request.Decoding);
        return (TokenizePrompt(request), request.Decoding.Seed ?? (uint)Random.Shared.Next());
    }

    private static void Validate(DecodingSettings d)
    {
        if (d.MaxTokens < 0) throw new ArgumentException($"MaxTokens must be >= 0, got {d.MaxTokens}");
        if (d.Samples < 1) throw new ArgumentException($"Samples must be >= 1, got {d.Samples}");
        if (d.Temperature < 0 || float.IsNaN(d.Temperature)) throw new ArgumentException($"Temperature must be >= 0, got {d.Temperature}");
        if (d.TopP is <= 0 or > 1) throw new ArgumentException($"TopP must be in (0, 1], got {d.TopP}");
        if (d.MinP is < 0 or > 1) throw new ArgumentException($"MinP must be in [0, 1], got {d.MinP}");
        if (d.RepeatPenalty <= 0) throw new ArgumentException($"RepeatPenalty must be > 0, got {d.RepeatPenalty}");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the backend's native resources, then the gate.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing) _gate.Dispose();
    }
}

/// <summary>The raw bytes a token prints as (empty for control tokens).</summary>
public delegate ReadOnlySpan<byte> TokenBytes(int token);

/// <summary>What the shared token loop produced: text, count, why it ended, and when the first and last tokens were sampled.</summary>
/// <param name="Text">The completion text (stop string cut).</param>
/// <param name="Generated">Tokens generated (the end token not counted).</param>
/// <param name="Reason">Why it ended.</param>
/// <param name="FirstTokenMs">Clock time of the first sampled token.</param>
/// <param name="LastTokenMs">Clock time of the last sampled token.</param>
public readonly record struct DecodedText(string Text, int Generated, FinishReason Reason, double FirstTokenMs, double LastTokenMs);
