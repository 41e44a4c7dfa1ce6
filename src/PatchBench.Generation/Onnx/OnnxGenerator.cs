using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.ML.OnnxRuntimeGenAI;
using PatchBench.Harness.Records;

namespace PatchBench.Generation.Onnx;

/// <summary>
/// Runs an ONNX Runtime GenAI model folder through GenAI itself (<see cref="Model"/>, <see cref="Tokenizer"/>,
/// <see cref="GeneratorParams"/>, <see cref="Generator"/>): the prompt goes in with one <c>AppendTokens</c>, then one
/// <c>GenerateNextToken</c> per token, streamed as it comes for TTFT and inter-token timings. Greedy or seeded sampling
/// is GenAI's own search; stop strings, token counts and finish reasons are the shared token loop's. Log-likelihoods
/// come from the logits GenAI exposes after the prompt run. One request at a time (requests queue).
/// </summary>
public sealed class OnnxGenerator : InProcessGenerator, IPromptRenderer
{
    private readonly Model _model;
    private readonly Tokenizer _tokenizer;
    private readonly TokenPieces _pieces;
    private readonly bool _chatMl;

    static OnnxGenerator()
    {
        // Without it ONNX Runtime writes telemetry files under ~/.cache/Microsoft/; it is read when the library loads.
        Environment.SetEnvironmentVariable("ORT_DISABLE_TELEMETRY", "1");
    }

    private OnnxGenerator(OnnxModelFolder folder, Model model, Tokenizer tokenizer, TokenPieces pieces, OnnxOptions options, int threads)
    {
        _pieces = pieces;
        Folder = folder;
        Options = options;
        Threads = threads;
        _model = model;
        _tokenizer = tokenizer;
        ContextSize = options.ContextSize > 0 ? Math.Min(options.ContextSize, folder.ContextLength) : folder.ContextLength;
        EosIds = [.. folder.EosIds.Concat(tokenizer.GetEosTokenIds().ToArray()).Distinct()];
        ChatTemplate = ReadChatTemplate(folder.Directory);
        // Like llama.cpp's template detection: a template that writes <|im_start|> is ChatML.
        _chatMl = ChatTemplate?.Contains("<|im_start|>", StringComparison.Ordinal) == true;
    }

    /// <summary>Loads a model folder (checked first: genai_config.json, the decoder, the tokenizer files) into GenAI.</summary>
    /// <exception cref="OnnxModelFolderException">The folder is incomplete, or GenAI refuses it (the message says why, in one line).</exception>
    public static OnnxGenerator Load(string folder, OnnxOptions? options = null)
    {
        options ??= new OnnxOptions();
        var checkedFolder = OnnxModelFolder.Load(folder);
        var pieces = TokenPieces.Read(checkedFolder.TokenizerPath);
        var threads = options.Threads > 0 ? options.Threads
            : checkedFolder.Config.Model?.Decoder?.SessionOptions?.IntraOpNumThreads is int fromConfig && fromConfig > 0 ? fromConfig
                : OnnxOptions.DefaultThreads;
        Model? model = null;
        try
        {
            using (var config = new Config(checkedFolder.Directory))
            {
                config.Overlay(SessionOverlay(threads));
                if (options.Device == OnnxDevice.Cuda)
                {
                    config.ClearProviders();
                    config.AppendProvider("cuda");
                    config.SetProviderOption("cuda", "device_id", options.DeviceId.ToString(CultureInfo.InvariantCulture));
                }
                model = new Model(config);
            }
            var tokenizer = new Tokenizer(model);
            // GenAI's Encode adds no BOS unless asked; llama.cpp adds it when the vocabulary says so (tokenizer_config decides here).
            tokenizer.UpdateOptions(new Dictionary<string, string> { ["add_special_tokens"] = "true" });
            WarmUp(model, checkedFolder);
            return new OnnxGenerator(checkedFolder, model, tokenizer, pieces, options, threads);
        }
        catch (OnnxRuntimeGenAIException e)
        {
            model?.Dispose();
            throw new OnnxModelFolderException(Explain(e, checkedFolder.Directory, options), e);
        }
    }

    /// <summary>
    /// One decoder step at load: GenAI binds the config's input and output names to the graph only when it runs, so a
    /// folder whose names do not match its model fails here, as a load error, not in the middle of a run.
    /// </summary>
    private static void WarmUp(Model model, OnnxModelFolder folder)
    {
        using var parameters = new GeneratorParams(model);
        parameters.SetSearchOption("max_length", 2);
        using var generator = new Generator(model, parameters);
        generator.AppendTokens(new[] { folder.BosId ?? 0 });
    }

    private static string Explain(OnnxRuntimeGenAIException e, string folder, OnnxOptions options)
    {
        var message = e.Message.ReplaceLineEndings(" ").Trim();
        if (options.Device == OnnxDevice.Cuda && message.Contains("Cuda", StringComparison.OrdinalIgnoreCase))
        {
            return $"device=cuda: this build of ONNX Runtime GenAI has no CUDA provider ({message}); build with -p:PatchBenchGpu=cuda12 " +
                "(Microsoft.ML.OnnxRuntimeGenAI.Cuda) on a machine with CUDA 12 and cuDNN 9, or use device=cpu";
        }
        return $"{folder}: ONNX Runtime GenAI cannot load this folder: {message}";
    }

    /// <summary>genai_config.json overlay: intra-op threads for the decoder session (GenAI's own default is ONNX Runtime's).</summary>
    internal static string SessionOverlay(int threads) =>
        new JsonObject { ["model"] = new JsonObject { ["decoder"] =
            new JsonObject { ["session_options"] = new JsonObject { ["intra_op_num_threads"] = threads } } } }
            .ToJsonString();

    /// <summary>The checked model folder.</summary>
    public OnnxModelFolder Folder { get; }

    /// <summary>The options this generator was created with.</summary>
    public OnnxOptions Options { get; }

    /// <summary>Context length in tokens.</summary>
    public int ContextSize { get; }

    /// <summary>Intra-op threads of the decoder session.</summary>
    public int Threads { get; }

    /// <summary>Tokens that end generation (genai_config's eos ids and the tokenizer's).</summary>
    public IReadOnlyList<int> EosIds { get; }

    /// <summary>tokenizer_config.json's chat_template, or null.</summary>
    public string? ChatTemplate { get; }

    private static string? ReadChatTemplate(string directory)
    {
        var path = Path.Combine(directory, OnnxModelFolder.TokenizerConfigFileName);
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
                throw new ArgumentException($"the ONNX backend renders only ChatML chat templates, and {Folder.Directory}/tokenizer_config.json has " +
                    $"{(ChatTemplate == null ? "none" : "another one")}; use a text prompt template (template=NAME)");
            var sb = new StringBuilder();
            foreach (var m in messages) sb.Append("<|im_start|>").Append(m.Role).Append('\n').Append(m.Content).Append("<|im_end|>\n");
            return sb.Append("<|im_start|>assistant\n").ToString();
        }
        return request.Prompt ?? throw new ArgumentException("the request has neither a prompt nor messages", nameof(request));
    }

    /// <summary>GenAI's token ids of <paramref name="text"/> (special tokens added as the tokenizer files say).</summary>
    public int[] Encode(string text)
    {
        using var sequences = _tokenizer.Encode(text);
        return sequences[0].ToArray();
    }

    /// <inheritdoc />
    public override int[] TokenizePrompt(GenerationRequest request) => Encode(RenderPrompt(request));

    /// <inheritdoc />
    protected override Completion GenerateOne(int[] prompt, DecodingSettings decoding, uint seed, Action<string>? onPiece, CancellationToken ct)
    {
        try
        {
            return GenerateWithGenAi(prompt, decoding, seed, onPiece, ct);
        }
        catch (OnnxRuntimeGenAIException e)
        {
            throw new InvalidOperationException($"{Folder.Directory}: ONNX Runtime GenAI failed: {e.Message.ReplaceLineEndings(" ").Trim()}", e);
        }
    }

    private Completion GenerateWithGenAi(int[] prompt, DecodingSettings d, uint seed, Action<string>? onPiece, CancellationToken ct)
    {
        CheckPromptFits(prompt, ContextSize);
        var maxTokens = Math.Min(d.MaxTokens, ContextSize - prompt.Length);
        var total = Stopwatch.StartNew();
        using var parameters = SearchParameters(d, seed, prompt.Length + Math.Max(1, maxTokens));
        using var generator = new Generator(_model, parameters);
        ct.ThrowIfCancellationRequested();
        generator.AppendTokens(prompt);
        var promptMs = total.Elapsed.TotalMilliseconds;
        double evalMs = 0;
        var steps = 0;
        var result = DecodeLoop(maxTokens, d, onPiece, total,
            () =>
            {
                // GenerateNextToken runs the decoder on the last token (not on the first call: AppendTokens did) and samples.
                var before = total.Elapsed.TotalMilliseconds;
                generator.GenerateNextToken();
                if (steps++ > 0) evalMs += total.Elapsed.TotalMilliseconds - before;
                return generator.GetNextTokens()[0];
            },
            EosIds.Contains,
            token => _pieces[token], // not GenAI's TokenizerStream, which drops text around invalid UTF-8 (see TokenPieces)
            _ => { }, ct);
        var timings = ClockTimings(prompt.Length, promptMs, result.Generated, result.FirstTokenMs, result.LastTokenMs, total.Elapsed.TotalMilliseconds,
            new EngineTimings(promptMs, prompt.Length, evalMs, Math.Max(0, steps - 1)));
        return new Completion(result.Text, new TokenCounts(prompt.Length, result.Generated), result.Reason, timings);
    }

    /// <summary>GenAI search options for one completion: greedy at temperature 0, else seeded sampling.</summary>
    private GeneratorParams SearchParameters(DecodingSettings d, uint seed, int maxLength)
    {
        if (d.MinP > 0) throw new ArgumentException("min_p is not a search option of ONNX Runtime GenAI; leave it at 0 for onnx: systems");
        var p = new GeneratorParams(_model);
        p.SetSearchOption("max_length", maxLength);
        p.SetSearchOption("min_length", 0);
        p.SetSearchOption("num_beams", 1);
        p.SetSearchOption("past_present_share_buffer", false);
        // GenAI's penalty looks at every earlier token, llama.cpp's at the last RepeatLastN: equal when it is off (1).
        p.SetSearchOption("repetition_penalty", d.RepeatPenalty);
        if (d.Temperature <= 0)
        {
            p.SetSearchOption("do_sample", false);
            return p;
        }
        p.SetSearchOption("do_sample", true);
        p.SetSearchOption("temperature", d.Temperature);
        p.SetSearchOption("top_k", d.TopK > 0 ? d.TopK : Folder.VocabularySize); // 0 is "off" here, GenAI has no such value
        p.SetSearchOption("top_p", d.TopP);
        p.SetSearchOption("random_seed", seed);
        return p;
    }

    /// <inheritdoc />
    protected override Likelihood Score(string prompt, string continuation, CancellationToken ct)
    {
        // As the llama.cpp backend (and lm-eval-harness) does: tokenize the whole text and split where the prompt's tokens end.
        var whole = Encode(prompt + continuation);
        var context = Encode(prompt);
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
        for (var i = split - 1; i < whole.Length - 1; i++) logProbs[i + 1 - split] = LogSoftmaxAt(rows.AsSpan(i * vocab, vocab), whole[i + 1]);
        return new Likelihood(logProbs.Sum(), logProbs.Length, logProbs);
    }

    /// <summary>Logits GenAI computed for every position of <paramref name="tokens"/> in one run from an empty cache, [tokens × vocabulary].</summary>
    internal float[] AllLogits(int[] tokens)
    {
        using var parameters = new GeneratorParams(_model);
        parameters.SetSearchOption("max_length", tokens.Length + 1);
        using var generator = new Generator(_model, parameters);
        generator.AppendTokens(tokens);
        using var logits = generator.GetOutput(Folder.LogitsName);
        var shape = logits.Shape();
        if (shape.Length != 3 || shape[1] != tokens.Length)
            throw new InvalidOperationException($"{Folder.DecoderPath}: logits came back as [{string.Join(", ", shape)}], expected [1, {tokens.Length}, " +
                $"vocabulary]");
        return logits.GetData<float>().ToArray();
    }

    /// <summary>Prompt processing as the throughput benchmark measures it: <paramref name="tokens"/> in one run from an empty cache.</summary>
    internal void ProcessPrompt(int[] tokens)
    {
        using var parameters = new GeneratorParams(_model);
        parameters.SetSearchOption("max_length", tokens.Length + 1);
        using var generator = new Generator(_model, parameters);
        generator.AppendTokens(tokens);
    }

    /// <summary>
    /// Token generation as the benchmark measures it: after one prompt token, <paramref name="count"/> greedy steps, each a
    /// decoder run on the last token; min_length keeps an end token from stopping it early.
    /// </summary>
    internal void GenerateTokens(int firstToken, int count)
    {
        using var parameters = new GeneratorParams(_model);
        parameters.SetSearchOption("max_length", count + 2);
        parameters.SetSearchOption("min_length", count + 2);
        using var generator = new Generator(_model, parameters);
        generator.AppendTokens(new[] { firstToken });
        for (var i = 0; i <= count; i++) generator.GenerateNextToken();
    }

    /// <summary>log softmax(<paramref name="row"/>)[<paramref name="token"/>], in double.</summary>
    internal static double LogSoftmaxAt(ReadOnlySpan<float> row, int token)
    {
        double max = double.NegativeInfinity;
        foreach (var x in row) max = Math.Max(max, x);
        double sum = 0;
        foreach (var x in row) sum += Math.Exp(x - max);
        return row[token] - max - Math.Log(sum);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        _tokenizer.Dispose();
        _model.Dispose();
        base.Dispose(disposing);
    }
}
