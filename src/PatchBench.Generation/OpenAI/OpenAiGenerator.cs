using PatchBench.Harness.Records;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace PatchBench.Generation.OpenAI;

/// <summary>
/// Generates through an OpenAI-compatible HTTP server: <c>/completions</c> for prompt text and
/// <c>/chat/completions</c> for chat messages, always streamed (server-sent events) so time to first
/// token and inter-token latency are measured by our own clock. At most
/// <see cref="OpenAiOptions.Concurrency"/> requests are in flight, shared by every caller, so a
/// harness running samples in parallel scales over a vLLM/TGI deployment behind one URL. Failed
/// attempts (429, 5xx, dropped connections, no answer within the request timeout) are retried with
/// exponential backoff (Polly), honouring Retry-After; 503 (llama-server loading its model) is
/// polled apart, for up to <see cref="OpenAiOptions.LoadWait"/>. The stream is read as the servers
/// really send it: comment lines (keep-alives) and blank separators skipped, <c>[DONE]</c> or a
/// finish_reason as the end, <c>usage</c> from whichever chunk carries it (vLLM: a last chunk with no
/// choices), llama-server's <c>timings</c> as the engine's own counters.
/// </summary>
public sealed class OpenAiGenerator : IGenerator, IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly SemaphoreSlim _slots;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly string? _apiKey;

    /// <summary>Creates a generator; <paramref name="http"/> is for tests that supply their own handler.</summary>
    public OpenAiGenerator(OpenAiOptions options, HttpClient? http = null)
    {
        if (options.Concurrency < 1) throw new ArgumentException($"concurrency must be at least 1, got {options.Concurrency}");
        if (options.MaxRetries < 0) throw new ArgumentException($"retries must be >= 0, got {options.MaxRetries}");
        if (string.IsNullOrWhiteSpace(options.Model)) throw new ArgumentException("the model name is empty (openai:URL#model)");
        if (options.BaseUrl.Scheme is not ("http" or "https")) throw new ArgumentException($"'{options.BaseUrl}' is not an http(s) URL");
        Options = options;
        _apiKey = Environment.GetEnvironmentVariable(options.ApiKeyEnvironmentVariable) is { Length: > 0 } key ? key : null;
        if (_apiKey is null && options.ApiKeyEnvironmentVariable != OpenAiOptions.DefaultApiKeyVariable)
            throw new ArgumentException($"api_key_env={options.ApiKeyEnvironmentVariable}: that environment variable is not set");
        _ownsHttp = http is null;
        // Timeouts are ours (per attempt, and per silent stretch of the stream); HttpClient's own would cut long streams.
        _http = http ?? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        _slots = new SemaphoreSlim(options.Concurrency, options.Concurrency);
        _pipeline = BuildPipeline(options);
    }

    /// <summary>The options in force.</summary>
    public OpenAiOptions Options { get; }

    /// <summary>Attempts that failed and were retried since creation (for tests and progress notes).</summary>
    public int RetriedAttempts => _retried;
    private int _retried;

    /// <summary>Why the latest retried attempt failed (status or transport error), for diagnosing a flaky deployment.</summary>
    public string? LastRetryReason { get; private set; }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Completion>> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        Validate(request.Decoding);
        var seed = request.Decoding.Seed;
        // n samples are n requests (seed + i), in parallel as far as the concurrency allows.
        var tasks = Enumerable.Range(0, request.Decoding.Samples)
            .Select(i => CompleteAsync(request, seed is { } s ? unchecked(s + (uint)i) : null, null, cancellationToken));
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<string> StreamAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        Validate(request.Decoding);
        return PieceStream.ReadAsync((onPiece, stop) => CompleteAsync(request, request.Decoding.Seed, onPiece, stop), cancellationToken);
    }

    /// <summary>One completion: waits for a slot, sends with retries, reads the event stream.</summary>
    public async Task<Completion> CompleteAsync(GenerationRequest request, uint? seed, Action<string>? onPiece, CancellationToken cancellationToken)
    {
        var (path, body) = BuildBody(request, seed);
        var url = new Uri(Options.BaseUrl.ToString().TrimEnd('/') + "/" + path);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        // The deadline starts with the slot: time spent queueing behind our own concurrency limit is not the server's.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Options.Deadline);
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await SendAsync(url, body, deadline.Token).ConfigureAwait(false);
            return await ReadStreamAsync(response, clock, onPiece, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Our deadline, not the caller's cancellation: a failed request (the run records a failed sample and goes on).
            throw new OpenAiException($"{Options.Label}: no complete answer within deadline_s={Options.Deadline.TotalSeconds:0.###} " +
                                      $"(gave up after {clock.Elapsed.TotalSeconds:0.#} s)", null, e);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>The endpoint path (relative to the base URL) and JSON body of a request.</summary>
    public (string Path, JsonObject Body) BuildBody(GenerationRequest request, uint? seed)
    {
        var d = request.Decoding;
        var chat = Options.Endpoint switch
        {
            OpenAiEndpoint.Chat => true,
            OpenAiEndpoint.Completions => request.Messages is null
                ? false
                : throw new ArgumentException($"{Options.Label}: endpoint=completions takes prompt text, but the request has chat messages (use a text " +
                    $"template or endpoint=chat)"),
            _ => request.Messages is not null,
        };
        var body = new JsonObject { ["model"] = Options.Model };
        if (chat)
        {
            var messages = request.Messages ?? [new ChatMessage("user", request.Prompt
                ?? throw new ArgumentException("the request has neither a prompt nor messages"))];
            body["messages"] = new JsonArray(messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content }).ToArray());
        }
        else
        {
            body["prompt"] = request.Prompt ?? throw new ArgumentException("the request has neither a prompt nor messages");
        }
        body["max_tokens"] = d.MaxTokens;
        body["temperature"] = d.Temperature;
        if (d.TopP < 1f) body["top_p"] = d.TopP;
        // Not in OpenAI's own API (which rejects unknown fields): sent only when switched on.
        // llama-server, vLLM and Ollama read top_k and min_p; repeat_penalty is llama-server's name, repetition_penalty vLLM's.
        if (d.TopK > 0) body["top_k"] = d.TopK;
        if (d.MinP > 0f) body["min_p"] = d.MinP;
        if (d.RepeatPenalty != 1f) { body["repeat_penalty"] = d.RepeatPenalty; body["repetition_penalty"] = d.RepeatPenalty; }
        if (seed is { } s) body["seed"] = s;
        if (d.Stop.Count > 0) body["stop"] = new JsonArray(d.Stop.Select(x => (JsonNode)JsonValue.Create(x)!).ToArray());
        body["stream"] = true;
        body["stream_options"] = new JsonObject { ["include_usage"] = true };
        return (chat ? "chat/completions" : "completions", body);
    }

    private static void Validate(DecodingSettings d)
    {
        if (d.MaxTokens < 1) throw new ArgumentException($"max_tokens must be >= 1, got {d.MaxTokens}");
        if (d.Samples < 1) throw new ArgumentException($"samples must be >= 1, got {d.Samples}");
        if (d.Temperature < 0 || float.IsNaN(d.Temperature)) throw new ArgumentException($"temperature must be >= 0, got {d.Temperature}");
    }

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline(OpenAiOptions o)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        var waitsOutLoading = o.LoadWait > TimeSpan.Zero;
        // Outermost: transient failures, counted against MaxRetries (503 too when no load wait is configured).
        if (o.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = o.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = o.RetryBaseDelay,
                MaxDelay = o.RetryMaxDelay,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>(e => !IsConnectionRefused(e))
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => IsTransient(r.StatusCode) && !(waitsOutLoading && r.StatusCode == HttpStatusCode.ServiceUnavailable)),
                // A keep-alive connection the server closed under an unanswered request (llama-server does this now and then
                // with several requests in flight) is no sign of overload: go again at once, on a fresh connection.
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception
                    is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded }
                    ? TimeSpan.Zero
                    : RetryAfter(args.Outcome.Result, o.RetryMaxDelay)),
                OnRetry = args =>
                {
                    Interlocked.Increment(ref _retried);
                    LastRetryReason = args.Outcome.Exception is { } e ? Describe(e) : $"HTTP {(int?)args.Outcome.Result?.StatusCode}";
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }
        // Then 503 while the server loads: a steady poll, bounded by LoadWait rather than by the retry count.
        if (waitsOutLoading)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(1, (int)Math.Ceiling(o.LoadWait / (o.LoadPollInterval > TimeSpan.Zero ? o.LoadPollInterval
                    : TimeSpan.FromMilliseconds(1)))),
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
                Delay = o.LoadPollInterval,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>().HandleResult(r => r.StatusCode == HttpStatusCode.ServiceUnavailable),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, o.LoadWait)),
                OnRetry = args =>
                {
                    Interlocked.Increment(ref _retried);
                    Interlocked.Increment(ref _unavailable);
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }
        builder.AddTimeout(o.RequestTimeout);
        return builder.Build();
    }

    /// <summary>503 answers waited out (a loading server) since creation.</summary>
    public int UnavailableAnswers => _unavailable;
    private int _unavailable;

    // A server that says when to come back knows better than our backoff.
    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan cap)
    {
        var retryAfter = response?.Headers.RetryAfter;
        TimeSpan? wait = retryAfter?.Delta ?? (retryAfter?.Date is { } at ? at - DateTimeOffset.UtcNow : null);
        return wait is { } w && w >= TimeSpan.Zero ? (w < cap ? w : cap) : null;
    }

    private static bool IsTransient(HttpStatusCode code) => code == HttpStatusCode.TooManyRequests || (int)code >= 500;

    private static bool IsConnectionRefused(HttpRequestException e) =>
        e.HttpRequestError == HttpRequestError.ConnectionError && e.InnerException
            is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.NetworkUnreachable };

    private async Task<HttpResponseMessage> SendAsync(Uri url, JsonObject body, CancellationToken ct)
    {
        var json = body.ToJsonString();
        HttpResponseMessage response;
        var attempts = 0;
        try
        {
            response = await _pipeline.ExecuteAsync(async token =>
            {
                attempts++;
                using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
                message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                if (_apiKey is not null) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
                return await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            }, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (IsConnectionRefused(e))
        {
            throw new OpenAiException($"{Options.Label}: cannot connect to {url.GetLeftPart(UriPartial.Authority)} ({Describe(e)}); is the server running " +
                $"and the URL right?", null, e);
        }
        catch (HttpRequestException e)
        {
            throw new OpenAiException($"{Options.Label}: request failed after {attempts} attempt(s): {Describe(e)}", null, e);
        }
        catch (TimeoutRejectedException e)
        {
            throw new OpenAiException($"{Options.Label}: no response within {Options.RequestTimeout.TotalSeconds:0.###} s, {attempts} attempt(s)", null, e);
        }

        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            var code = (int)response.StatusCode;
            var serverSays = ServerMessage(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
            var what = response.StatusCode switch
            {
                HttpStatusCode.NotFound when serverSays.Contains("model", StringComparison.OrdinalIgnoreCase) => $"model '{Options.Model}' not found",
                HttpStatusCode.NotFound => $"{url.AbsolutePath} not found (is the base URL right? it usually ends in /v1)",
                HttpStatusCode.BadRequest => "the server rejected the request",
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => $"not authorised (set the API key in ${Options.ApiKeyEnvironmentVariable})",
                HttpStatusCode.ServiceUnavailable when Options.LoadWait > TimeSpan.Zero =>
                    $"still unavailable after waiting {Options.LoadWait.TotalSeconds:0.###} s ({attempts} attempt(s); is the model still loading? raise " +
                        $"load_wait_s)",
                _ when IsTransient(response.StatusCode) => $"still failing after {attempts} attempt(s)",
                _ => "request failed",
            };
            throw new OpenAiException($"{Options.Label}: {what}: HTTP {code} {response.ReasonPhrase}{(serverSays.Length > 0 ? ": " + serverSays : "")}", code);
        }
    }

    private static string Describe(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null) inner = inner.InnerException;
        return inner.Message;
    }

    /// <summary>The error message in an OpenAI-style error body (<c>{"error":{"message":…}}</c>), else the body's first line.</summary>
    internal static string ServerMessage(string body)
    {
        try
        {
            var node = JsonNode.Parse(body);
            var error = node?["error"];
            var message = error is JsonObject o ? o["message"]?.GetValue<string>() : error?.GetValue<string>();
            message ??= node?["message"]?.GetValue<string>() ?? node?["detail"]?.ToString();
            if (message is not null) return OneLine(message);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
        }
        return OneLine(body);
    }

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }

    private async Task<Completion> ReadStreamAsync(HttpResponseMessage response, Stopwatch clock, Action<string>? onPiece, CancellationToken ct)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = new StringBuilder();
        var events = 0;
        var pieces = 0;
        double? first = null;
        double last = 0;
        string? finish = null;
        int? promptTokens = null, completionTokens = null;
        EngineTimings? engine = null;
        double? serverPromptPerSecond = null;
        var done = false;
        while (true)
        {
            string? line;
            idle.CancelAfter(Options.ReadTimeout);
            try
            {
                line = await reader.ReadLineAsync(idle.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new OpenAiException($"{Options.Label}: the stream stalled: nothing for {Options.ReadTimeout.TotalSeconds:0.###} s after {events} " +
                    $"event(s)");
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                throw new OpenAiException($"{Options.Label}: the server closed the stream early after {events} event(s) ({Describe(e)})", null, e);
            }
            if (line is null) break;
            if (!line.StartsWith("data:", StringComparison.Ordinal)) continue; // blank separators, ": comments", "event:" lines
            var data = line[5..].Trim();
            if (data == "[DONE]") { done = true; break; }
            events++;
            JsonNode? chunk;
            try
            {
                chunk = JsonNode.Parse(data);
            }
            catch (JsonException e)
            {
                throw new OpenAiException($"{Options.Label}: event {events} of the stream is not JSON ({e.Message}): {OneLine(data)}");
            }
            if (chunk?["error"] is { } error)
                throw new OpenAiException($"{Options.Label}: the server reported an error mid-stream: {ServerMessage(chunk.ToJsonString())}");
            if (chunk?["choices"] is JsonArray choices && choices.Count > 0 && choices[0] is JsonObject choice)
            {
                var piece = choice["text"]?.GetValue<string>() ?? choice["delta"]?["content"]?.GetValue<string>();
                if (!string.IsNullOrEmpty(piece))
                {
                    var now = clock.Elapsed.TotalMilliseconds;
                    first ??= now;
                    last = now;
                    pieces++;
                    text.Append(piece);
                    onPiece?.Invoke(piece);
                }
                if (choice["finish_reason"] is JsonValue reason && reason.TryGetValue<string>(out var r)) finish = r;
            }
            if (chunk?["usage"] is JsonObject usage)
            {
                promptTokens = usage["prompt_tokens"]?.GetValue<int>() ?? promptTokens;
                completionTokens = usage["completion_tokens"]?.GetValue<int>() ?? completionTokens;
            }
            if (chunk?["timings"] is JsonObject t)
            {
                // llama-server's own counters.
                engine = new EngineTimings(Number(t["prompt_ms"]), (int)Number(t["prompt_n"]), Number(t["predicted_ms"]), (int)Number(t["predicted_n"]));
                serverPromptPerSecond = t["prompt_per_second"] is { } pps ? Number(pps) : null;
            }
        }
        // Some servers end with finish_reason and no [DONE]; without either the answer is cut off.
        if (!done && finish is null)
            throw new OpenAiException($"{Options.Label}: the server closed the stream early after {events} event(s) and {text.Length} character(s), without " +
                $"finish_reason or [DONE]");

        var total = clock.Elapsed.TotalMilliseconds;
        var generated = completionTokens ?? pieces;
        var ttft = first ?? total;
        var genPerSecond = generated > 1 && first is { } f && last > f ? (generated - 1) * 1000.0 / (last - f) : 0;
        var promptPerSecond = serverPromptPerSecond ?? engine?.PromptTokensPerSecond
                              ?? (promptTokens is { } p && ttft > 0 ? p * 1000.0 / ttft : 0);
        var timings = new GenerationTimings
        {
            TimeToFirstTokenMs = ttft,
            PromptTokensPerSecond = promptPerSecond,
            GenerationTokensPerSecond = genPerSecond,
            TotalMs = total,
            Engine = engine,
            InterTokenLatencyMs = pieces > 1 && first is { } f2 ? (last - f2) / (pieces - 1) : null,
        };
        var finishReason = finish switch
        {
            "length" => FinishReason.Length,
            _ => FinishReason.Stop,
        };
        return new Completion(text.ToString(), new TokenCounts(promptTokens ?? 0, generated), finishReason, timings);
    }

    private static double Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) ? d : 0;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
        _slots.Dispose();
    }
}
