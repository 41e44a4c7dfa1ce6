namespace PatchBench.Generation.OpenAI;

/// <summary>Which OpenAI endpoint a request goes to.</summary>
public enum OpenAiEndpoint
{
    /// <summary>Chat messages go to <c>/chat/completions</c>, plain prompts to <c>/completions</c>.</summary>
    Auto,
    /// <summary>Always <c>/completions</c> (prompt text; chat messages are refused).</summary>
    Completions,
    /// <summary>Always <c>/chat/completions</c> (a plain prompt is sent as one user message).</summary>
    Chat,
}

/// <summary>How to reach an OpenAI-compatible server (vLLM, llama-server, Ollama, TGI, hosted APIs).</summary>
public sealed record OpenAiOptions
{
    /// <summary>The API base, usually ending in <c>/v1</c> (e.g. <c>http://127.0.0.1:8080/v1</c>).</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>The model name the server serves.</summary>
    public required string Model { get; init; }

    /// <summary>Endpoint choice.</summary>
    public OpenAiEndpoint Endpoint { get; init; } = OpenAiEndpoint.Auto;

    /// <summary>
    /// Environment variable holding the API key (sent as a Bearer token, never logged). When it is the
    /// default and unset, no key is sent (local servers need none).
    /// </summary>
    public string ApiKeyEnvironmentVariable { get; init; } = DefaultApiKeyVariable;

    /// <summary>The default key variable.</summary>
    public const string DefaultApiKeyVariable = "OPENAI_API_KEY";

    /// <summary>Requests in flight at once, shared by every caller of one generator.</summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>Retries after the first attempt on 429, 5xx, dropped connections and timeouts.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>First retry delay; doubles each retry (with jitter), unless the server sends Retry-After.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between retries (also caps Retry-After).</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Per attempt: how long the server may take to start answering (response headers).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long to keep asking a server that answers 503 (llama-server while it loads the model, a router whose backends
    /// are still starting): polled every <see cref="LoadPollInterval"/> (or its Retry-After), apart from the
    /// <see cref="MaxRetries"/> budget, so a slow load is waited out rather than failing every early sample.
    /// </summary>
    public TimeSpan LoadWait { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Pause between two polls of a server that answered 503.</summary>
    public TimeSpan LoadPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the stream may stay silent between two events before it counts as stalled.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The most one request may take from the moment it has a slot to its last event, retries and 503 polls included. The other
    /// timeouts each watch one silent stretch, so a server that keeps a stream alive with comments, or trickles tokens without
    /// end, would hold a slot forever; past this deadline the request fails and the harness records it as a failed sample.
    /// </summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>A short label for messages: base URL and model.</summary>
    public string Label => $"{BaseUrl.ToString().TrimEnd('/')}#{Model}";
}

/// <summary>
/// A failure talking to an OpenAI-compatible server, with a one-line message that says what happened
/// (connection refused, unknown model, retries exhausted, stream closed early). Never contains the API key.
/// </summary>
public sealed class OpenAiException(string message, int? statusCode = null, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The HTTP status the server answered with, when it answered.</summary>
    public int? StatusCode { get; } = statusCode;
}
