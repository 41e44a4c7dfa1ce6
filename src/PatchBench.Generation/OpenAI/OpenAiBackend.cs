using PatchBench.Generation.Prompts;
using PatchBench.Generation.Retrieval;
using PatchBench.Generation.Systems;
using PatchBench.Harness.Records;
using PatchBench.Harness.Systems;

namespace PatchBench.Generation.OpenAI;

/// <summary>
/// <c>openai:URL#model[,…prompt and decoding
/// options…,concurrency=N,api_key_env=NAME,retries=N,timeout_s=S,read_timeout_s=S,load_wait_s=S,deadline_s=S,endpoint=auto|chat|completions]</c>:
/// an OpenAI-compatible server (llama.cpp's llama-server, vLLM, a hosted API). The server applies the model's own chat template:
/// chat messages unless a text template is asked for.
/// </summary>
public sealed class OpenAiBackend(FewShotPools pools) : ISystemBackend
{
    private static readonly IReadOnlyList<string> Keys =
        GeneratorSystemOptions.With("concurrency", "api_key_env", "retries", "retry_delay_ms", "timeout_s", "read_timeout_s", "load_wait_s", "deadline_s",
            "endpoint");

    /// <inheritdoc />
    public string Name => "openai";

    /// <inheritdoc />
    public string Usage => "openai:http://HOST:PORT/v1#model-name[,concurrency=N,api_key_env=NAME,timeout_s=S,…]";

    /// <inheritdoc />
    public ISystemUnderTest Create(SystemSpec spec, SystemContext context)
    {
        var o = new SpecOptions(spec, [.. Keys]);
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
            LoadWait = TimeSpan.FromSeconds(o.Number("load_wait_s", 300, 0)),
            Deadline = TimeSpan.FromSeconds(o.Number("deadline_s", 900, 0.001)),
            Endpoint = o.Choice("endpoint", "auto", "auto", "chat", "completions") switch
            {
                "chat" => OpenAiEndpoint.Chat,
                "completions" => OpenAiEndpoint.Completions,
                _ => OpenAiEndpoint.Auto,
            },
        };
        var settings = GeneratorSystemOptions.Settings(o, PromptFormat.Chat);
        var pool = settings.FewShot > 0 ? pools.For(o, context) : null;
        try
        {
            // The server knows the model; what the run can record without asking it is the name it was asked for.
            var facts = new ModelFacts { Name = options.Model, Format = "openai" };
            return new GeneratorSystem(spec, new OpenAiGenerator(options), settings, pool, concurrency, facts);
        }
        catch (ArgumentException e)
        {
            throw o.Error(e.Message);
        }
    }
}
