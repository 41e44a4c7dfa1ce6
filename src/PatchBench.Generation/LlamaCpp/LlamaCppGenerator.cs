using PatchBench.Harness.Records;
using System.Diagnostics;
using System.Runtime.InteropServices;
using PatchBench.Generation.LlamaCpp.Native;

namespace PatchBench.Generation.LlamaCpp;

/// <summary>
/// Runs a GGUF model in process through llama.cpp: one model, one context, one request at a time
/// (requests queue). Every request starts from an empty KV cache, so results do not depend on
/// what ran before.
/// </summary>
public sealed class LlamaCppGenerator : InProcessGenerator, IPromptRenderer
{
    private readonly LlamaModel _model;
    private readonly bool _ownsModel;
    private readonly SafeLlamaContextHandle _context;
    private readonly SafeGgmlThreadpoolHandle? _threadpool;

    /// <summary>Creates a context for an already loaded model.</summary>
    public LlamaCppGenerator(LlamaModel model, LlamaCppOptions? options = null, bool ownsModel = false)
    {
        options ??= new LlamaCppOptions();
        _model = model;
        _ownsModel = ownsModel;
        Options = options;
        Threads = options.EffectiveThreads;
        var p = LlamaNative.llama_context_default_params();
        p.n_ctx = (uint)(options.ContextSize > 0 ? options.ContextSize : Math.Min(model.TrainingContextLength, 4096));
        p.n_batch = (uint)options.BatchSize;
        p.n_ubatch = (uint)Math.Min(options.MicroBatchSize, options.BatchSize);
        p.n_seq_max = 1;
        p.n_threads = Threads;
        p.n_threads_batch = Threads;
        p.no_perf = 0;
        if (options.FlashAttention is { } fa) p.flash_attn_type = fa ? 1 : 0;
        if (options.KvCacheF32) { p.type_k = 0; p.type_v = 0; } // GGML_TYPE_F32
        LlamaLibrary.ClearRecentLog();
        var context = LlamaNative.llama_init_from_model(model.Handle, p);
        if (context == IntPtr.Zero)
        {
            throw new LlamaCppException($"llama.cpp could not create a context of {p.n_ctx} tokens for '{model.Path}': {LlamaLibrary.RecentLogText()}");
        }
        _context = new SafeLlamaContextHandle(context, model.Handle);
        ContextSize = (int)LlamaNative.llama_n_ctx(_context);
        BatchSize = (int)LlamaNative.llama_n_batch(_context);
        // A persistent thread pool, as llama-bench uses: without one ggml starts and joins its
        // worker threads on every llama_decode call, which costs real time per generated token.
        _threadpool = SafeGgmlThreadpoolHandle.TryCreate(Threads);
        if (_threadpool != null) LlamaNative.llama_attach_threadpool(_context, _threadpool.DangerousGetHandle(), IntPtr.Zero);
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

    /// <summary>Most tokens per llama_decode call.</summary>
    public int BatchSize { get; }

    /// <summary>Threads used for decoding.</summary>
    public int Threads { get; }

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
    protected override Completion GenerateOne(int[] prompt, DecodingSettings d, uint seed, Action<string>? onPiece, CancellationToken ct)
    {
        CheckPromptFits(prompt, ContextSize);
        var total = Stopwatch.StartNew();
        ClearMemory();
        LlamaNative.llama_perf_context_reset(_context);
        using var sampler = BuildSampler(d, seed);

        DecodeTokens(prompt, ct);
        Synchronize(); // on a GPU llama_decode returns before the work is done
        var promptMs = total.Elapsed.TotalMilliseconds;

        var one = new int[1];
        var result = DecodeLoop(Math.Min(d.MaxTokens, ContextSize - prompt.Length), d, onPiece, total,
            () => LlamaNative.llama_sampler_sample(sampler, _context, -1),
            _model.IsEndOfGeneration,
            token => _model.TokenBytes(token),
            token => { one[0] = token; DecodeTokens(one, ct); }, ct);
        var totalMs = total.Elapsed.TotalMilliseconds;

        var perf = LlamaNative.llama_perf_context(_context);
        var timings = ClockTimings(prompt.Length, promptMs, result.Generated, result.FirstTokenMs, result.LastTokenMs, totalMs,
            new EngineTimings(perf.t_p_eval_ms, perf.n_p_eval, perf.t_eval_ms, perf.n_eval));
        return new Completion(result.Text, new TokenCounts(prompt.Length, result.Generated), result.Reason, timings);
    }

    private SafeLlamaSamplerHandle BuildSampler(DecodingSettings d, uint seed)
    {
        var chainParams = LlamaNative.llama_sampler_chain_default_params();
        var chain = new SafeLlamaSamplerHandle(LlamaNative.llama_sampler_chain_init(chainParams));
        // The order of llama.cpp's own default chain: penalties, top-k, top-p, min-p, temperature, draw.
        if (d.RepeatPenalty != 1f)
        {
            LlamaNative.llama_sampler_chain_add(chain, LlamaNative.llama_sampler_init_penalties(_model.VocabularySize, d.RepeatLastN, d.RepeatPenalty, 0f, 0f));
        }
        if (d.Temperature <= 0f)
        {
            LlamaNative.llama_sampler_chain_add(chain, LlamaNative.llama_sampler_init_greedy());
            return chain;
        }
        if (d.TopK > 0) LlamaNative.llama_sampler_chain_add(chain, LlamaNative.llama_sampler_init_top_k(d.TopK));
        if (d.TopP < 1f) LlamaNative.llama_sampler_chain_add(chain, LlamaNative.llama_sampler_init_top_p(d.TopP, 1));
        if (d.MinP > 0f) LlamaNative.llama_sampler_chain_add(chain, LlamaNative.llama_sampler_init_min_p(d.MinP, 1));
        LlamaNative.llama_sampler_chain_add(chain, LlamaNative.llama_sampler_init_temp(d.Temperature));
        LlamaNative.llama_sampler_chain_add(chain, LlamaNative.llama_sampler_init_dist(seed));
        return chain;
    }

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
        var batch = LlamaNative.llama_batch_init(BatchSize, 0, 1);
        try
        {
            for (var start = 0; start < whole.Length; start += BatchSize)
            {
                ct.ThrowIfCancellationRequested();
                var n = Math.Min(BatchSize, whole.Length - start);
                unsafe
                {
                    for (var j = 0; j < n; j++)
                    {
                        var i = start + j;
                        batch.token[j] = whole[i];
                        batch.pos[j] = i;
                        batch.n_seq_id[j] = 1;
                        batch.seq_id[j][0] = 0;
                        // Position i predicts token i+1; we need predictions of every continuation token.
                        batch.logits[j] = (sbyte)(i >= split - 1 && i < whole.Length - 1 ? 1 : 0);
                    }
                    batch.n_tokens = n;
                }
                Decode(batch);
                unsafe
                {
                    for (var j = 0; j < n; j++)
                    {
                        var i = start + j;
                        if (i < split - 1 || i >= whole.Length - 1) continue;
                        var logits = LlamaNative.llama_get_logits_ith(_context, j);
                        logProbs[i + 1 - split] = LogSoftmaxAt(new ReadOnlySpan<float>(logits, _model.VocabularySize), whole[i + 1]);
                    }
                }
            }
        }
        finally
        {
            LlamaNative.llama_batch_free(batch);
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
    internal void ClearMemory() => LlamaNative.llama_memory_clear(LlamaNative.llama_get_memory(_context), true);

    /// <summary>Decodes tokens at the next positions, in chunks of the batch size; logits of the last token are kept.</summary>
    internal unsafe void DecodeTokens(ReadOnlySpan<int> tokens, CancellationToken ct = default)
    {
        fixed (int* t = tokens)
        {
            for (var start = 0; start < tokens.Length; start += BatchSize)
            {
                ct.ThrowIfCancellationRequested();
                var n = Math.Min(BatchSize, tokens.Length - start);
                Decode(LlamaNative.llama_batch_get_one(t + start, n));
            }
        }
    }

    /// <summary>Logits of every position of <paramref name="tokens"/> decoded from an empty cache, [tokens × vocabulary].</summary>
    internal unsafe float[] AllLogits(ReadOnlySpan<int> tokens)
    {
        if (tokens.Length > BatchSize) throw new ArgumentException($"{tokens.Length} tokens do not fit one batch of {BatchSize}");
        ClearMemory();
        var vocab = _model.VocabularySize;
        var result = new float[tokens.Length * vocab];
        var batch = LlamaNative.llama_batch_init(tokens.Length, 0, 1);
        try
        {
            for (var i = 0; i < tokens.Length; i++)
            {
                batch.token[i] = tokens[i];
                batch.pos[i] = i;
                batch.n_seq_id[i] = 1;
                batch.seq_id[i][0] = 0;
                batch.logits[i] = 1;
            }
            batch.n_tokens = tokens.Length;
            Decode(batch);
            for (var i = 0; i < tokens.Length; i++)
                new ReadOnlySpan<float>(LlamaNative.llama_get_logits_ith(_context, i), vocab).CopyTo(result.AsSpan(i * vocab, vocab));
        }
        finally
        {
            LlamaNative.llama_batch_free(batch);
        }
        return result;
    }

    /// <summary>Waits for queued computation (llama_synchronize), as llama-bench does after each step.</summary>
    internal void Synchronize() => LlamaNative.llama_synchronize(_context);

    /// <summary>A copy of the logits of the last decoded output.</summary>
    internal unsafe float[] LastLogits()
    {
        var logits = LlamaNative.llama_get_logits_ith(_context, -1);
        if (logits == null) throw new LlamaCppException("llama.cpp has no logits: nothing was decoded");
        return new ReadOnlySpan<float>(logits, _model.VocabularySize).ToArray();
    }

    private void Decode(LlamaBatch batch)
    {
        var rc = LlamaNative.llama_decode(_context, batch);
        if (rc != 0)
        {
            var meaning = rc switch
            {
                1 => "no room in the KV cache (context full)",
                2 => "aborted",
                -1 => "invalid batch",
                _ => "error",
            };
            throw new LlamaCppException($"llama_decode failed with {rc} ({meaning}): {LlamaLibrary.RecentLogText()}");
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        if (_threadpool != null && !_context.IsClosed) LlamaNative.llama_detach_threadpool(_context);
        _context.Dispose();
        _threadpool?.Dispose();
        if (_ownsModel) _model.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>Owns a ggml CPU thread pool (created through the CPU backend module's exported functions).</summary>
internal sealed unsafe class SafeGgmlThreadpoolHandle : SafeHandle
{
    private readonly delegate* unmanaged[Cdecl]<IntPtr, void> _free;

    private SafeGgmlThreadpoolHandle(IntPtr pool, delegate* unmanaged[Cdecl]<IntPtr, void> free) : base(IntPtr.Zero, true)
    {
        _free = free;
        SetHandle(pool);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>A pool of <paramref name="threads"/> threads, or null when the CPU backend does not offer one.</summary>
    public static SafeGgmlThreadpoolHandle? TryCreate(int threads)
    {
        var cpu = LlamaNative.ggml_backend_dev_by_type(0); // GGML_BACKEND_DEVICE_TYPE_CPU
        if (cpu == IntPtr.Zero) return null;
        var reg = LlamaNative.ggml_backend_dev_backend_reg(cpu);
        var create = LlamaNative.ggml_backend_reg_get_proc_address(reg, "ggml_threadpool_new");
        var free = LlamaNative.ggml_backend_reg_get_proc_address(reg, "ggml_threadpool_free");
        if (create == IntPtr.Zero || free == IntPtr.Zero) return null;
        var p = LlamaNative.ggml_threadpool_params_default(threads);
        var pool = ((delegate* unmanaged[Cdecl]<GgmlThreadpoolParams*, IntPtr>)create)(&p);
        return pool == IntPtr.Zero ? null : new SafeGgmlThreadpoolHandle(pool, (delegate* unmanaged[Cdecl]<IntPtr, void>)free);
    }

    protected override bool ReleaseHandle()
    {
        _free(handle);
        return true;
    }
}
