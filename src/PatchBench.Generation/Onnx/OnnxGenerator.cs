using PatchBench.Harness.Records;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using PatchBench.Generation.Tokenizers;

namespace PatchBench.Generation.Onnx;

/// <summary>
/// Runs an ONNX Runtime GenAI-layout decoder folder in process through ONNX Runtime's C API, with
/// the llama.cpp backend's semantics: the prompt is processed once in one batch, then one token per
/// step with the KV cache fed back; sampling mirrors llama.cpp's chain (<see cref="TokenSampler"/>);
/// stop strings, token counts, finish reasons and timings as <c>LlamaCppGenerator</c> reports them.
/// One request at a time (requests queue); each starts from an empty cache.
/// </summary>
public sealed class OnnxGenerator : InProcessGenerator, IPromptRenderer
{
    private readonly OnnxDecoderSession _session;
    private readonly bool _chatMl;

    private OnnxGenerator(OnnxModelFolder folder, ITextTokenizer tokenizer, OnnxOptions options)
    {
        Folder = folder;
        Tokenizer = tokenizer;
        Options = options;
        _session = new OnnxDecoderSession(folder, options);
        ContextSize = options.ContextSize > 0 ? Math.Min(options.ContextSize, folder.ContextLength) : folder.ContextLength;
        EosIds = [.. folder.EosIds.Concat(tokenizer.EosIds).Distinct()];
        ChatTemplate = ReadChatTemplate(folder.Directory);
        // Like llama.cpp's template detection: a template that writes <|im_start|> is ChatML.
        _chatMl = ChatTemplate?.Contains("<|im_start|>", StringComparison.Ordinal) == true;
    }

    /// <summary>Loads a model folder (genai_config.json, the decoder, tokenizer.json).</summary>
    public static OnnxGenerator Load(string folder, OnnxOptions? options = null)
    {
        options ??= new OnnxOptions();
        var model = OnnxModelFolder.Load(folder);
        var tokenizer = (options.TokenizerLoader ?? TokenizerJson.Load)(model.TokenizerPath);
        if (tokenizer.VocabularySize > model.VocabularySize)
        {
            throw new OnnxModelFolderException($"{model.TokenizerPath}: {tokenizer.VocabularySize} tokens, but genai_config.json says vocab_size {model.VocabularySize}");
        }
        return new OnnxGenerator(model, tokenizer, options);
    }

    /// <summary>The model folder.</summary>
    public OnnxModelFolder Folder { get; }

    /// <summary>The tokenizer (from tokenizer.json).</summary>
    public ITextTokenizer Tokenizer { get; }

    /// <summary>The options this generator was created with.</summary>
    public OnnxOptions Options { get; }

    /// <summary>Context length in tokens.</summary>
    public int ContextSize { get; }

    /// <summary>Intra-op threads.</summary>
    public int Threads => _session.Threads;

    /// <summary>ONNX Runtime's version.</summary>
    public string RuntimeVersion => _session.RuntimeVersion;

    /// <summary>Tokens that end generation (genai_config's eos ids and the tokenizer's).</summary>
    public IReadOnlyList<int> EosIds { get; }

    /// <summary>tokenizer_config.json's chat_template, or null.</summary>
    public string? ChatTemplate { get; }

    private static string? ReadChatTemplate(string directory)
    {
        var path = Path.Combine(directory, "tokenizer_config.json");
        if (!File.Exists(path)) return null;
        try
        {
            return JsonNode.Parse(File.ReadAllText(path))?["chat_template"]?.GetValue<string>();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new OnnxModelFolderException($"{path}: not valid JSON or chat_template is not a string: {e.Message}", e);
        }
    }

    /// <summary>The prompt text a request turns into (chat messages rendered as ChatML when the folder's template is ChatML).</summary>
    public string RenderPrompt(GenerationRequest request)
    {
        if (request.Messages is { } messages)
        {
            if (!request.UseChatTemplate)
                throw new ArgumentException("chat messages need a chat template: set UseChatTemplate or render them with a prompt template", nameof(request));
            if (!_chatMl)
                throw new ArgumentException($"the ONNX backend renders only ChatML chat templates, and {Folder.Directory}/tokenizer_config.json has {(ChatTemplate == null ? "none" : "another one")}; use a text prompt template (template=NAME)");
            var sb = new StringBuilder();
            foreach (var m in messages) sb.Append("<|im_start|>").Append(m.Role).Append('\n').Append(m.Content).Append("<|im_end|>\n");
            return sb.Append("<|im_start|>assistant\n").ToString();
        }
        return request.Prompt ?? throw new ArgumentException("the request has neither a prompt nor messages", nameof(request));
    }

    /// <summary>The prompt tokens of a request (BOS added when the tokenizer adds it, never twice).</summary>
    public override int[] TokenizePrompt(GenerationRequest request)
    {
        var tokens = Tokenizer.Encode(RenderPrompt(request), addSpecial: true).ToArray();
        if (tokens.Length >= 2 && Tokenizer.BosId is { } bos && tokens[0] == bos && tokens[1] == bos) tokens = tokens[1..];
        return tokens;
    }

    /// <inheritdoc />
    protected override Completion GenerateOne(int[] prompt, DecodingSettings decoding, uint seed, Action<string>? onPiece, CancellationToken ct)
    {
        CheckPromptFits(prompt, ContextSize);
        var total = Stopwatch.StartNew();
        _session.Reset();
        var sampler = new TokenSampler(decoding, seed);
        ct.ThrowIfCancellationRequested();
        var logits = _session.Forward(prompt, allRows: false);
        var promptMs = total.Elapsed.TotalMilliseconds;
        double evalMs = 0;
        var evalTokens = 0;
        var one = new int[1];
        var result = DecodeLoop(Math.Min(decoding.MaxTokens, ContextSize - prompt.Length), decoding, onPiece, total,
            () => sampler.Sample(logits),
            EosIds.Contains,
            token => Tokenizer.IsSpecial(token) ? [] : Tokenizer.TokenBytes(token), // control tokens print nothing, as in llama.cpp
            token =>
            {
                one[0] = token;
                var before = total.Elapsed.TotalMilliseconds;
                logits = _session.Forward(one, allRows: false);
                evalMs += total.Elapsed.TotalMilliseconds - before;
                evalTokens++;
            }, ct);
        var timings = ClockTimings(prompt.Length, promptMs, result.Generated, result.FirstTokenMs, result.LastTokenMs, total.Elapsed.TotalMilliseconds,
            new EngineTimings(promptMs, prompt.Length, evalMs, evalTokens));
        return new Completion(result.Text, new TokenCounts(prompt.Length, result.Generated), result.Reason, timings);
    }

    /// <inheritdoc />
    protected override Likelihood Score(string prompt, string continuation, CancellationToken ct)
    {
        // As the llama.cpp backend (and lm-eval-harness) does: tokenize the whole text and split where the prompt's tokens end.
        var whole = Tokenizer.Encode(prompt + continuation, addSpecial: true).ToArray();
        var context = Tokenizer.Encode(prompt, addSpecial: true).ToArray();
        var split = 0;
        while (split < context.Length && split < whole.Length && context[split] == whole[split]) split++;
        if (split == 0) throw new ArgumentException("the prompt is empty and the tokenizer adds no BOS token: the first token has no context to be scored in");
        if (whole.Length > ContextSize)
            throw new ArgumentException($"prompt and continuation have {whole.Length} tokens; the context holds {ContextSize} (raise ContextSize)");
        ct.ThrowIfCancellationRequested();
        var logProbs = new double[whole.Length - split];
        if (logProbs.Length == 0) return new Likelihood(0, 0, logProbs);
        var rows = AllLogits(whole);
        var vocab = rows.Length / whole.Length;
        for (var i = split - 1; i < whole.Length - 1; i++)
            logProbs[i + 1 - split] = LlamaCpp.LlamaCppGenerator.LogSoftmaxAt(rows.AsSpan(i * vocab, vocab), whole[i + 1]);
        return new Likelihood(logProbs.Sum(), logProbs.Length, logProbs);
    }

    // Primitives shared with the benchmark and the tests.

    /// <summary>Logits of every position of <paramref name="tokens"/> (one batch from an empty cache), [tokens × vocabulary].</summary>
    internal float[] AllLogits(ReadOnlySpan<int> tokens)
    {
        _session.Reset();
        return _session.Forward(tokens, allRows: true);
    }

    /// <summary>Empties the KV cache.</summary>
    internal void ClearMemory() => _session.Reset();

    /// <summary>Decodes tokens at the next positions in one batch; returns the last row of logits.</summary>
    internal float[] DecodeTokens(ReadOnlySpan<int> tokens) => _session.Forward(tokens, allRows: false);

    /// <summary>Tokens in the KV cache.</summary>
    internal int CachedTokens => _session.CachedTokens;

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        _session.Dispose();
        base.Dispose(disposing);
    }
}
