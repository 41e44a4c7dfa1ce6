using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PatchBench.Generation.LlamaCpp;

namespace PatchBench.Generation.Tests;

/// <summary>What the server does to one request instead of (or on top of) answering it normally.</summary>
public abstract record ServerFault
{
    /// <summary>Answer with an HTTP status and an OpenAI-style error body.</summary>
    public sealed record Status(int Code, string Message, int? RetryAfterSeconds = null) : ServerFault;

    /// <summary>Wait before sending headers (a slow or hung server).</summary>
    public sealed record DelayHeaders(TimeSpan Delay) : ServerFault;

    /// <summary>Send this many text events, then end the response without finish_reason or [DONE].</summary>
    public sealed record Truncate(int Events, bool Abort) : ServerFault;

    /// <summary>Start the stream, then send only keep-alive comments, one per interval, until the client gives up.</summary>
    public sealed record KeepAliveForever(TimeSpan Every) : ServerFault;
}

/// <summary>
/// An OpenAI-compatible server on 127.0.0.1 (port chosen by the OS) whose answers come from the
/// in-process llama.cpp backend over the tiny GGUF: <c>/v1/completions</c> and
/// <c>/v1/chat/completions</c> streamed as server-sent events in OpenAI's chunk format, with
/// <c>usage</c> and llama-server's <c>timings</c>. Faults queued in <see cref="Faults"/> are applied
/// to the next requests, one per request.
/// </summary>
public sealed class OpenAiLoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly LlamaCppGenerator _generator;
    private int _inFlight;
    private int _maxInFlight;
    private int _requests;

    /// <summary>The model name the server answers to.</summary>
    public const string ModelName = "tiny-llama";

    private OpenAiLoopbackServer(WebApplication app, LlamaCppGenerator generator)
    {
        _app = app;
        _generator = generator;
    }

    /// <summary>Faults for the next requests, in order.</summary>
    public ConcurrentQueue<ServerFault> Faults { get; } = new();

    /// <summary>Base URL, ending in /v1.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Requests received.</summary>
    public int Requests => _requests;

    /// <summary>Most requests being handled at the same moment.</summary>
    public int MaxInFlight => _maxInFlight;

    /// <summary>Extra wait before answering every request (to make overlapping requests observable).</summary>
    public TimeSpan HeaderDelay { get; set; }

    /// <summary>Wait between streamed pieces (a slow server).</summary>
    public TimeSpan PieceDelay { get; set; }

    /// <summary>Authorization headers seen, in order.</summary>
    public ConcurrentQueue<string> Authorizations { get; } = new();

    /// <summary>Request bodies seen, in order.</summary>
    public ConcurrentQueue<JsonObject> Bodies { get; } = new();

    /// <summary>Starts the server over <paramref name="generator"/>.</summary>
    public static async Task<OpenAiLoopbackServer> StartAsync(LlamaCppGenerator generator)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new OpenAiLoopbackServer(app, generator);
        app.MapPost("/v1/completions", ctx => server.HandleAsync(ctx, chat: false));
        app.MapPost("/v1/chat/completions", ctx => server.HandleAsync(ctx, chat: true));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    private async Task HandleAsync(HttpContext ctx, bool chat)
    {
        Interlocked.Increment(ref _requests);
        var now = Interlocked.Increment(ref _inFlight);
        for (var max = _maxInFlight; now > max; max = _maxInFlight) Interlocked.CompareExchange(ref _maxInFlight, now, max);
        try
        {
            await AnswerAsync(ctx, chat);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task AnswerAsync(HttpContext ctx, bool chat)
    {
        var ct = ctx.RequestAborted;
        Authorizations.Enqueue(ctx.Request.Headers.Authorization.ToString());
        var body = (JsonObject)(await JsonNode.ParseAsync(ctx.Request.Body, cancellationToken: ct))!;
        Bodies.Enqueue(body);
        Faults.TryDequeue(out var fault);
        if (HeaderDelay > TimeSpan.Zero) await Task.Delay(HeaderDelay, ct);
        switch (fault)
        {
            case ServerFault.Status s:
                await ErrorAsync(ctx, s.Code, s.Message, s.RetryAfterSeconds);
                return;
            case ServerFault.DelayHeaders d:
                await Task.Delay(d.Delay, ct);
                break;
        }
        var model = body["model"]?.GetValue<string>();
        if (model != ModelName)
        {
            await ErrorAsync(ctx, 404, $"The model `{model}` does not exist.", null);
            return;
        }

        var request = ToRequest(body, chat);
        ctx.Response.ContentType = "text/event-stream";
        await ctx.Response.StartAsync(ct);
        if (fault is ServerFault.KeepAliveForever k)
        {
            try
            {
                while (true)
                {
                    await ctx.Response.WriteAsync(": keep-alive\n\n", ct);
                    await ctx.Response.Body.FlushAsync(ct);
                    await Task.Delay(k.Every, ct);
                }
            }
            catch (Exception gone) when (gone is OperationCanceledException or IOException)
            {
                return;
            }
        }
        var id = "cmpl-" + Guid.NewGuid().ToString("N")[..12];
        var pieces = Channel.CreateUnbounded<string>();
        var generation = Task.Run(async () =>
        {
            try
            {
                var c = await _generator.GenerateStreamingAsync(request, p => pieces.Writer.TryWrite(p), ct);
                pieces.Writer.TryComplete();
                return c;
            }
            catch (Exception e)
            {
                pieces.Writer.TryComplete(e);
                throw;
            }
        }, ct);
        var sent = 0;
        await foreach (var piece in pieces.Reader.ReadAllAsync(ct))
        {
            if (fault is ServerFault.Truncate t && sent == t.Events)
            {
                if (t.Abort) ctx.Abort();
                try { await generation; } catch (OperationCanceledException) { }
                return;
            }
            if (PieceDelay > TimeSpan.Zero) await Task.Delay(PieceDelay, ct);
            await SendAsync(ctx, Chunk(id, chat, piece, null));
            sent++;
        }
        if (fault is ServerFault.Truncate)
        {
            // Fewer pieces than the cut-off: still end without finish_reason or [DONE].
            if (((ServerFault.Truncate)fault).Abort) ctx.Abort();
            try { await generation; } catch (OperationCanceledException) { }
            return;
        }
        var completion = await generation;
        var finish = completion.FinishReason == FinishReason.Length ? "length" : "stop";
        await SendAsync(ctx, Chunk(id, chat, null, finish));
        var e = completion.Timings.Engine!;
        var final = new JsonObject
        {
            ["id"] = id,
            ["object"] = chat ? "chat.completion.chunk" : "text_completion",
            ["model"] = ModelName,
            ["choices"] = new JsonArray(),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = completion.PromptTokens,
                ["completion_tokens"] = completion.CompletionTokens,
                ["total_tokens"] = completion.PromptTokens + completion.CompletionTokens,
            },
            ["timings"] = new JsonObject
            {
                ["prompt_n"] = e.PromptEvalTokens,
                ["prompt_ms"] = e.PromptEvalMs,
                ["prompt_per_second"] = e.PromptTokensPerSecond,
                ["predicted_n"] = e.EvalTokens,
                ["predicted_ms"] = e.EvalMs,
                ["predicted_per_second"] = e.GenerationTokensPerSecond,
            },
        };
        await SendAsync(ctx, final);
        await ctx.Response.WriteAsync("data: [DONE]\n\n", ct);
        await ctx.Response.Body.FlushAsync(ct);
    }

    private static GenerationRequest ToRequest(JsonObject body, bool chat)
    {
        float F(string key, float fallback) => body[key] is JsonValue v && v.TryGetValue<double>(out var d) ? (float)d : fallback;
        var decoding = new DecodingSettings
        {
            MaxTokens = body["max_tokens"]?.GetValue<int>() ?? 16,
            Temperature = F("temperature", 1f),
            TopP = F("top_p", 1f),
            TopK = body["top_k"]?.GetValue<int>() ?? 0,
            MinP = F("min_p", 0f),
            RepeatPenalty = F("repeat_penalty", 1f),
            Seed = body["seed"]?.GetValue<uint>(),
            Stop = body["stop"] is JsonArray stops ? stops.Select(s => s!.GetValue<string>()).ToArray() : [],
        };
        if (!chat) return GenerationRequest.FromPrompt(body["prompt"]!.GetValue<string>(), decoding);
        var messages = body["messages"]!.AsArray().Select(m => new ChatMessage(m!["role"]!.GetValue<string>(), m["content"]!.GetValue<string>())).ToArray();
        return GenerationRequest.FromChat(messages, decoding);
    }

    private static JsonObject Chunk(string id, bool chat, string? piece, string? finish)
    {
        JsonObject choice = chat
            ? new JsonObject { ["index"] = 0, ["delta"] = piece is null ? new JsonObject() : new JsonObject { ["content"] = piece },
                ["finish_reason"] = finish }
            : new JsonObject { ["index"] = 0, ["text"] = piece ?? "", ["finish_reason"] = finish };
        return new JsonObject
        {
            ["id"] = id,
            ["object"] = chat ? "chat.completion.chunk" : "text_completion",
            ["model"] = ModelName,
            ["choices"] = new JsonArray(choice),
        };
    }

    private static async Task SendAsync(HttpContext ctx, JsonObject chunk)
    {
        await ctx.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n", ctx.RequestAborted);
        await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
    }

    private static async Task ErrorAsync(HttpContext ctx, int code, string message, int? retryAfter)
    {
        ctx.Response.StatusCode = code;
        if (retryAfter is { } s) ctx.Response.Headers.RetryAfter = s.ToString();
        ctx.Response.ContentType = "application/json";
        var error = new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = "invalid_request_error", ["code"] = code == 404
            ? "model_not_found" : null } };
        await ctx.Response.WriteAsync(error.ToJsonString(), ctx.RequestAborted);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
