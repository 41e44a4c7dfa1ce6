using System.Diagnostics;
using System.Text;
using LLama;
using LLama.Exceptions;
using LLama.Extensions;
using LLama.Native;
using LLama.Sampling;
using PatchBench.Harness.Records;

namespace PatchBench.Generation.LlamaCpp;

/// <summary>
/// Runs a GGUF model in process through LLamaSharp: one model, one context, one request at a time
/// (requests queue). Every request starts from an empty KV cache, so results do not depend on what ran before.
/// Sampling is LLamaSharp's pipeline (llama.cpp's sampler chain); text comes out of its streaming decoder.
/// </summary>
public sealed class LlamaCppGenerator : InProcessGenerator, IPromptRenderer
{
    private readonly LlamaModel _model;
    private readonly bool _ownsModel;
    private readonly SafeLLamaContextHandle _context;
    private readonly LLamaBatch _batch = new();

    /// <summary>Creates a context for an already loaded model.</summary>
    public LlamaCppGenerator(LlamaModel model, LlamaCppOptions? options = null, bool ownsModel = false)
    {
        options ??= model.Options;
        _model = model;
        _ownsModel = ownsModel;
        Options = options;
        var parameters = options.ModelParams(model.Path, model.TrainingContextLength);
        LlamaNativeLibrary.ClearRecentLog();
        try
        {
            // LLamaSharp's own conversion of the parameters, with llama.cpp's perf counters on: they are the engine timings.
            parameters.ToLlamaContextParams(out var native);
            native.no_perf = false;
            _context = SafeLLamaContextHandle.Create(model.Weights.NativeHandle, native);
        }
        catch (RuntimeError e)
        {
            throw new LlamaCppException($"llama.cpp could not create a context of {parameters.ContextSize} tokens for '{model.Path}': {e.Message} " +
                $"{LlamaNativeLibrary.RecentLogText()}");
        }
        ContextSize = (int)_context.ContextSize;
        BatchSize = (int)_context.BatchSize;
        Threads = _context.GenerationThreads;
        BatchThreads = _context.BatchThreads;
    }

    /// <summary>Loads <paramref name="modelPath"/> and creates a generator that owns it.</summary>
    public static LlamaCppGenerator Load(string modelPath, LlamaCppOptions? options = null)
    {
        var model = LlamaModel.Load(modelPath, options);
        try
        {
            return new LlamaCppGenerator(model, options, ownsModel: true);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The options this generator was created with.</summary>
    public LlamaCppOptions Options { get; }

    /// <summary>The loaded model.</summary>
    public LlamaModel Model => _model;

    /// <summary>Context length in tokens (prompt plus completion must fit).</summary>
    public int ContextSize { get; }

    /// <summary>Most tokens per decode call.</summary>
    public int BatchSize { get; }

    /// <summary>Threads llama.cpp uses for generation (read back from the context).</summary>
    public int Threads { get; }

    /// <summary>Threads llama.cpp uses for prompt processing (read back from the context).</summary>
    public int BatchThreads { get; }

    /// <summary>The prompt text a request turns into (chat messages rendered with the model's template).</summary>
    public string RenderPrompt(GenerationRequest request)
    {
        if (request.Messages is { } messages)
        {
            if (!request.UseChatTemplate)
            {
                throw new ArgumentException("chat messages need a chat template: set UseChatTemplate or render them with a prompt template", nameof(request));
            }
            return _model.ApplyChatTemplate(messages);
        }
        return request.Prompt ?? throw new ArgumentException("the request has neither a prompt nor messages", nameof(request));
    }

    /// <summary>The prompt tokens of a request (BOS added when the model wants it).</summary>
    public override int[] TokenizePrompt(GenerationRequest request)
    {
        var text = RenderPrompt(request);
        // Rendered chat templates spell control tokens as text ("<|im_start|>"); plain prompts are taken literally.
        var special = request.Messages != null;
        var tokens = _model.Tokenize(text, addSpecial: true, parseSpecial: special);
        if (tokens.Length >= 2 && tokens[0] == _model.Bos && tokens[1] == _model.Bos) tokens = tokens[1..];
        return tokens;
    }

    /// <inheritdoc />
    protected override Completion GenerateOne(int[] prompt, DecodingSettings decoding, uint seed, Action<string>? onPiece, CancellationToken ct)
    {
        CheckPromptFits(prompt, ContextSize);
        var total = Stopwatch.StartNew();
        ClearMemory();
        _context.ResetTimings();
        using var sampler = Sampler(decoding, seed);

        DecodeTokens(prompt, ct);
        Synchronize(); // on a GPU a decode returns before the work is done
        var promptMs = total.Elapsed.TotalMilliseconds;

        var decoder = new StreamingTokenDecoder(Encoding.UTF8, _model.Weights);
        var one = new int[1];
        var result = DecodeLoop(Math.Min(decoding.MaxTokens, ContextSize - prompt.Length), decoding, onPiece, total,
            () => (int)sampler.Sample(_context, -1),
            _model.IsEndOfGeneration,
            token => { decoder.Add(token); return decoder.Read(); }, // Func<int, string>: whole characters only
            token => { one[0] = token; DecodeTokens(one, ct); }, ct);
        var totalMs = total.Elapsed.TotalMilliseconds;

        var perf = _context.GetTimings();
        var timings = ClockTimings(prompt.Length, promptMs, result.Generated, result.FirstTokenMs, result.LastTokenMs, totalMs,
            new EngineTimings(perf.PromptEval.TotalMilliseconds, perf.PrompTokensEvaluated, perf.Eval.TotalMilliseconds, perf.TokensEvaluated));
        return new Completion(result.Text, new TokenCounts(prompt.Length, result.Generated), result.Reason, timings);
    }

    /// <summary>
    /// LLamaSharp's pipelines: greedy at temperature 0, else its default chain (penalties, top-k, top-p, min-p, temperature,
    /// seeded draw), with our neutral values switching a stage off (top-k 0, top-p 1, min-p 0, penalty 1).
    /// </summary>
    internal static BaseSamplingPipeline Sampler(DecodingSettings d, uint seed) => d.Temperature <= 0f && d.RepeatPenalty == 1f
        ? new GreedySamplingPipeline()
        : new DefaultSamplingPipeline
        {
            Temperature = d.Temperature,
            TopK = d.TopK,
            TopP = d.TopP,
            MinP = d.MinP,
            TypicalP = 1f,
            RepeatPenalty = d.RepeatPenalty,
            PenaltyCount = d.RepeatLastN,
            Seed = seed,
        };

    /// <inheritdoc />
    protected override Likelihood Score(string prompt, string continuation, CancellationToken ct)
    {
        // As lm-eval-harness does: tokenize the whole text, and split it where the prompt's tokens end,
        // so the continuation is tokenized as it would be in context.
        var whole = _model.Tokenize(prompt + continuation, addSpecial: true);
        var context = _model.Tokenize(prompt, addSpecial: true);
        var split = 0;
        while (split < context.Length && split < whole.Length && context[split] == whole[split]) split++;
        if (split == 0) throw new ArgumentException("the prompt is empty and the model adds no BOS token: the first token has no context to be scored in");
        if (whole.Length > ContextSize)
        {
            throw new ArgumentException($"prompt and continuation have {whole.Length} tokens; the context holds {ContextSize} (raise ContextSize)");
        }
        var logProbs = new double[whole.Length - split];
        ClearMemory();
        for (var start = 0; start < whole.Length; start += BatchSize)
        {
            ct.ThrowIfCancellationRequested();
            var n = Math.Min(BatchSize, whole.Length - start);
            _batch.Clear();
            for (var i = start; i < start + n; i++)
            {
                // Position i predicts token i+1; we need predictions of every continuation token.
                _batch.Add(whole[i], i, LLamaSeqId.Zero, i >= split - 1 && i < whole.Length - 1);
            }
            Decode(_batch);
            for (var i = start; i < start + n; i++)
            {
                if (i < split - 1 || i >= whole.Length - 1) continue;
                logProbs[i + 1 - split] = LogSoftmaxAt(_context.GetLogitsIth(i - start), whole[i + 1]);
            }
        }
        return new Likelihood(logProbs.Sum(), logProbs.Length, logProbs);
    }

    /// <summary>log softmax(logits)[index], computed in double with the max subtracted.</summary>
    internal static double LogSoftmaxAt(ReadOnlySpan<float> logits, int index)
    {
        double max = double.NegativeInfinity;
        foreach (var l in logits) if (l > max) max = l;
        double sum = 0;
        foreach (var l in logits) sum += Math.Exp(l - max);
        return logits[index] - max - Math.Log(sum);
    }

    // Primitives shared with the throughput benchmark and the tests.

    /// <summary>Empties the KV cache (memory) so the next decode starts at position 0.</summary>
    internal void ClearMemory()
    {
        _context.MemoryClear(true);
        _position = 0;
    }

    private int _position;

    /// <summary>Decodes tokens at the next positions, in chunks of the batch size; logits of the last token are kept.</summary>
    internal void DecodeTokens(ReadOnlySpan<int> tokens, CancellationToken ct = default)
    {
        for (var start = 0; start < tokens.Length; start += BatchSize)
        {
            ct.ThrowIfCancellationRequested();
            var n = Math.Min(BatchSize, tokens.Length - start);
            _batch.Clear();
            for (var j = 0; j < n; j++) _batch.Add(tokens[start + j], _position + j, LLamaSeqId.Zero, start + j == tokens.Length - 1);
            Decode(_batch);
            _position += n;
        }
    }

    /// <summary>Logits of every position of <paramref name="tokens"/> decoded from an empty cache, [tokens × vocabulary].</summary>
    internal float[] AllLogits(ReadOnlySpan<int> tokens)
    {
        if (tokens.Length > BatchSize) throw new ArgumentException($"{tokens.Length} tokens do not fit one batch of {BatchSize}");
        ClearMemory();
        var vocab = _model.VocabularySize;
        _batch.Clear();
        for (var i = 0; i < tokens.Length; i++) _batch.Add(tokens[i], i, LLamaSeqId.Zero, true);
        Decode(_batch);
        _position = tokens.Length;
        var result = new float[tokens.Length * vocab];
        for (var i = 0; i < tokens.Length; i++) _context.GetLogitsIth(i).CopyTo(result.AsSpan(i * vocab, vocab));
        return result;
    }

    /// <summary>Waits for queued computation (llama_synchronize), as llama-bench does after each step.</summary>
    internal void Synchronize() => _context.Synchronize();

    /// <summary>Zeroes llama.cpp's perf counters (<see cref="EngineMilliseconds"/>).</summary>
    internal void ResetEngineTimings() => _context.ResetTimings();

    /// <summary>
    /// Milliseconds llama.cpp itself counted inside decode since the last reset (prompt batches plus single-token evals):
    /// set beside the wall clock, the difference is what LLamaSharp and our loop add per call.
    /// </summary>
    internal double EngineMilliseconds()
    {
        var perf = _context.GetTimings();
        return perf.PromptEval.TotalMilliseconds + perf.Eval.TotalMilliseconds;
    }

    /// <summary>A copy of the logits of the last decoded output.</summary>
    internal float[] LastLogits()
    {
        if (_position == 0) throw new LlamaCppException("llama.cpp has no logits: nothing was decoded");
        return _context.GetLogitsIth(-1).ToArray();
    }

    private void Decode(LLamaBatch batch)
    {
        var rc = _context.Decode(batch);
        if (rc != DecodeResult.Ok)
        {
            var meaning = rc switch
            {
                DecodeResult.NoKvSlot => "no room in the KV cache (context full)",
                DecodeResult.ComputeAborted => "aborted",
                DecodeResult.InvalidInputBatch => "invalid batch",
                _ => "error",
            };
            throw new LlamaCppException($"llama_decode failed with {(int)rc} ({meaning}): {LlamaNativeLibrary.RecentLogText()}");
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        _context.Dispose();
        if (_ownsModel) _model.Dispose();
        base.Dispose(disposing);
    }
}
