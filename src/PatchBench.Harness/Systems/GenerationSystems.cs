using PatchBench.Generation;
using PatchBench.Generation.Gguf;
using PatchBench.Generation.LlamaCpp;
using PatchBench.Generation.Onnx;
using PatchBench.Generation.OpenAI;
using PatchBench.Generation.Prompts;
using PatchBench.Generation.Retrieval;
using PatchBench.Harness.Runs;

namespace PatchBench.Harness.Systems;

/// <summary>
/// Creates the generation-backed systems from specs:
/// <list type="bullet">
/// <item><c>llamacpp:PATH.gguf[,template=…,fewshot=k,temperature=…,top_k=…,top_p=…,min_p=…,repeat_penalty=…,seed=…,max_tokens=…,device=cpu|cuda,gpu_layers=N,threads=N,ctx=N]</c></item>
/// <item><c>onnx:FOLDER[,…same prompt and decoding options…,device=cpu|cuda,device_id=N,threads=N,ctx=N,library=PATH]</c> (an ONNX Runtime GenAI model folder)</item>
/// <item><c>openai:URL#model[,…same prompt and decoding options…,concurrency=N,api_key_env=NAME,retries=N,timeout_s=S,endpoint=auto|chat|completions]</c></item>
/// <item><c>retrieval[,measure=jaccard|bm25,pool=DIR,seed=N]</c></item>
/// <item><c>replay:outputs.jsonl</c></item>
/// </list>
/// The few-shot pool (for <c>fewshot=k</c> and <c>retrieval</c>) is <c>pool=DIR</c>, else the <c>fewshot</c> suite
/// next to the suite being run, else <c>suites/fewshot</c>.
/// </summary>
/// <remarks><paramref name="onnxTokenizerLoader"/> replaces the tokenizer.json reader of <c>onnx:</c> folders (tests).</remarks>
public sealed class GenerationSystems(IBenchSuiteLoader poolLoader, Func<string, PatchBench.Generation.Tokenizers.ITextTokenizer>? onnxTokenizerLoader = null) : ISystemFactory
{
    private static readonly string[] PromptKeys = ["template", "system", "fewshot", "measure", "pool", "seed", "perplexity"];
    private static readonly string[] DecodingKeys = ["temperature", "top_k", "top_p", "min_p", "repeat_penalty", "max_tokens", "stop"];
    private static readonly string[] LlamaKeys = ["device", "gpu_layers", "threads", "ctx", "batch", "native"];
    private static readonly string[] OnnxKeys = ["device", "device_id", "threads", "ctx", "library"];
    private static readonly string[] OpenAiKeys = ["concurrency", "api_key_env", "retries", "retry_delay_ms", "timeout_s", "read_timeout_s", "endpoint"];

    private readonly Dictionary<string, FewShotPool> _pools = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ISystemUnderTest? TryCreate(SystemSpec spec, BenchSuite suite) => spec.Backend switch
    {
        "llamacpp" => CreateLlama(spec, suite),
        "onnx" => CreateOnnx(spec, suite),
        "openai" => CreateOpenAi(spec, suite),
        "retrieval" => CreateRetrieval(spec, suite),
        "replay" => ReplaySystem.Load(spec, spec.Target ?? throw new HarnessInputException($"system spec '{spec}': expected replay:outputs.jsonl"), suite),
        _ => null,
    };

    private ISystemUnderTest CreateRetrieval(SystemSpec spec, BenchSuite suite)
    {
        var o = new SpecOptions(spec, ["measure", "pool", "seed"]);
        if (spec.Target is not null) throw o.Error("retrieval takes no target (use pool=DIR for the pool)");
        var measure = Measure(o);
        var seed = o.Int("seed", 0);
        return new RetrievalSystem(spec, Pool(o, suite), measure, seed);
    }

    private ISystemUnderTest CreateLlama(SystemSpec spec, BenchSuite suite)
    {
        var o = new SpecOptions(spec, [.. PromptKeys, .. DecodingKeys, .. LlamaKeys]);
        var path = spec.Target ?? throw o.Error("expected llamacpp:PATH.gguf");
        if (!File.Exists(path)) throw o.Error($"model file '{path}' not found");
        var device = o.Choice("device", "cpu", "cpu", "cuda") == "cuda" ? LlamaDevice.Cuda : LlamaDevice.Cpu;
        var options = new LlamaCppOptions
        {
            Device = device,
            GpuLayers = o.Int("gpu_layers", -1),
            Threads = o.Int("threads", 0, 0),
            ContextSize = o.Int("ctx", 0, 0),
            BatchSize = o.Int("batch", 512, 1),
            NativeDirectory = o.Text("native"),
        };
        if (device == LlamaDevice.Cpu && o.Text("gpu_layers") is not null) throw o.Error("gpu_layers needs device=cuda");
        // Settings first, so a bad option is reported before a model is loaded.
        var settingsWithoutTemplate = Settings(o, PromptFormat.Alpaca);
        var pool = settingsWithoutTemplate.FewShot > 0 ? Pool(o, suite) : null;
        LlamaCppGenerator generator;
        try
        {
            generator = LlamaCppGenerator.Load(path, options);
        }
        catch (GgufFormatException e)
        {
            throw o.Error(e.Message);
        }
        catch (Exception e) when (e is LlamaCppException or LlamaNativeLibraryException or FileNotFoundException)
        {
            throw o.Error(e.Message);
        }
        // The model's own chat template when the GGUF has one, else PatchGen's Alpaca format.
        var settings = o.Text("template") is null && generator.Model.ChatTemplate is not null
            ? settingsWithoutTemplate with { Format = PromptFormat.Chat }
            : settingsWithoutTemplate;
        return new GeneratorSystem(spec, generator, settings, pool, 1, generator.RenderPrompt);
    }

    private ISystemUnderTest CreateOnnx(SystemSpec spec, BenchSuite suite)
    {
        var o = new SpecOptions(spec, [.. PromptKeys, .. DecodingKeys, .. OnnxKeys]);
        var folder = spec.Target ?? throw o.Error("expected onnx:FOLDER (an ONNX Runtime GenAI model folder)");
        if (!Directory.Exists(folder)) throw o.Error($"model folder '{folder}' not found");
        var options = new OnnxOptions
        {
            Device = o.Choice("device", "cpu", "cpu", "cuda") == "cuda" ? OnnxDevice.Cuda : OnnxDevice.Cpu,
            DeviceId = o.Int("device_id", 0, 0),
            Threads = o.Int("threads", 0, 0),
            ContextSize = o.Int("ctx", 0, 0),
            Library = o.Text("library"),
            TokenizerLoader = onnxTokenizerLoader,
        };
        var settingsWithoutTemplate = Settings(o, PromptFormat.Alpaca);
        var pool = settingsWithoutTemplate.FewShot > 0 ? Pool(o, suite) : null;
        OnnxGenerator generator;
        try
        {
            generator = OnnxGenerator.Load(folder, options);
        }
        catch (Exception e) when (e is OnnxModelFolderException or OnnxRuntimeLibraryException or OnnxRuntimeException)
        {
            throw o.Error(e.Message);
        }
        // A ChatML chat template in tokenizer_config.json is used as llama.cpp uses the GGUF's, else PatchGen's Alpaca format.
        var settings = o.Text("template") is null && generator.ChatTemplate?.Contains("<|im_start|>", StringComparison.Ordinal) == true
            ? settingsWithoutTemplate with { Format = PromptFormat.Chat }
            : settingsWithoutTemplate;
        return new GeneratorSystem(spec, generator, settings, pool, 1, generator.RenderPrompt);
    }

    private ISystemUnderTest CreateOpenAi(SystemSpec spec, BenchSuite suite)
    {
        var o = new SpecOptions(spec, [.. PromptKeys, .. DecodingKeys, .. OpenAiKeys]);
        var target = spec.Target ?? throw o.Error("expected openai:URL#model, e.g. openai:http://127.0.0.1:8080/v1#model-name");
        var hash = target.LastIndexOf('#');
        if (hash <= 0 || hash == target.Length - 1) throw o.Error($"'{target}' names no model: expected URL#model, e.g. http://127.0.0.1:8080/v1#model-name");
        if (!Uri.TryCreate(target[..hash], UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw o.Error($"'{target[..hash]}' is not an http(s) URL");
        var concurrency = o.Int("concurrency", 1, 1, 1024);
        var options = new OpenAiOptions
        {
            BaseUrl = url,
            Model = target[(hash + 1)..],
            Concurrency = concurrency,
            ApiKeyEnvironmentVariable = o.Text("api_key_env") ?? OpenAiOptions.DefaultApiKeyVariable,
            MaxRetries = o.Int("retries", 4, 0, 100),
            RetryBaseDelay = TimeSpan.FromMilliseconds(o.Number("retry_delay_ms", 1000, 0)),
            RequestTimeout = TimeSpan.FromSeconds(o.Number("timeout_s", 300, 0.001)),
            ReadTimeout = TimeSpan.FromSeconds(o.Number("read_timeout_s", 120, 0.001)),
            Endpoint = o.Choice("endpoint", "auto", "auto", "chat", "completions") switch
            {
                "chat" => OpenAiEndpoint.Chat,
                "completions" => OpenAiEndpoint.Completions,
                _ => OpenAiEndpoint.Auto,
            },
        };
        // The server applies the model's own chat template: chat messages unless a text template is asked for.
        var settings = Settings(o, PromptFormat.Chat);
        var pool = settings.FewShot > 0 ? Pool(o, suite) : null;
        try
        {
            return new GeneratorSystem(spec, new OpenAiGenerator(options), settings, pool, concurrency);
        }
        catch (ArgumentException e)
        {
            throw o.Error(e.Message);
        }
    }

    private static GeneratorSystemSettings Settings(SpecOptions o, PromptFormat defaultFormat)
    {
        PromptFormat format;
        try
        {
            format = o.Text("template") is { } t ? PromptBuilder.ParseFormat(t) : defaultFormat;
        }
        catch (ArgumentException e)
        {
            throw o.Error(e.Message);
        }
        var system = o.Text("system") switch
        {
            null or "default" => PromptBuilder.DefaultSystem,
            "none" => null,
            var text => text,
        };
        var decoding = new DecodingSettings
        {
            Temperature = (float)o.Number("temperature", 0, 0, 100),
            TopK = o.Int("top_k", 0, 0),
            TopP = (float)o.Number("top_p", 1, 0.000001, 1),
            MinP = (float)o.Number("min_p", 0, 0, 1),
            RepeatPenalty = (float)o.Number("repeat_penalty", 1, 0.000001),
            MaxTokens = o.Int("max_tokens", 512, 1),
            Stop = o.Text("stop") is { } stop ? stop.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(Unescape).ToArray() : [],
        };
        return new GeneratorSystemSettings(format, system, o.Int("fewshot", 0, 0, 64), Measure(o), decoding, o.Int("seed", 0), o.Bool("perplexity", true));
    }

    // Stop strings come from a one-line spec: \n and \t spell newline and tab.
    private static string Unescape(string s) => s.Replace("\\n", "\n").Replace("\\t", "\t");

    private static SimilarityMeasure Measure(SpecOptions o) =>
        o.Choice("measure", "jaccard", "jaccard", "bm25") == "bm25" ? SimilarityMeasure.Bm25 : SimilarityMeasure.Jaccard;

    private FewShotPool Pool(SpecOptions o, BenchSuite suite)
    {
        var directory = o.Text("pool") ?? DefaultPool(suite) ?? throw o.Error("no few-shot pool found (looked for a 'fewshot' suite next to the suite and for suites/fewshot); give pool=DIR");
        var full = Path.GetFullPath(directory);
        lock (_pools)
        {
            if (_pools.TryGetValue(full, out var known)) return known;
            var pool = new FewShotPool(poolLoader.Load(directory));
            _pools[full] = pool;
            return pool;
        }
    }

    private static string? DefaultPool(BenchSuite suite)
    {
        var candidates = new List<string>();
        if (suite.Source is { } source && Path.GetDirectoryName(Path.GetFullPath(source).TrimEnd(Path.DirectorySeparatorChar)) is { } parent)
            candidates.Add(Path.Combine(parent, "fewshot"));
        candidates.Add(Path.Combine("suites", "fewshot"));
        return candidates.FirstOrDefault(Directory.Exists);
    }
}
