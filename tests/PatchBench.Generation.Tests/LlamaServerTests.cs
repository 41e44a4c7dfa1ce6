using System.Text;
using System.Text.Json.Nodes;
using PatchBench.Generation.LlamaCpp;
using PatchBench.Generation.OpenAI;

namespace PatchBench.Generation.Tests;

/// <summary>One real llama-server over the tiny GGUF for the whole class (started once, killed at the end).</summary>
public sealed class LlamaServerFixture : IAsyncLifetime
{
    private LlamaServerProcess? _server;

    /// <summary>The running server.</summary>
    public LlamaServerProcess Server => _server ?? throw new InvalidOperationException("not started");

    /// <inheritdoc />
    public async Task InitializeAsync() => _server = await LlamaServerProcess.StartAsync(TestEnvironment.TinyModelPath, slots: 4);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

/// <summary>
/// <c>openai:</c> against llama.cpp's real llama-server on loopback, not our imitation of it: the bytes it streams
/// (usage in the finishing chunk for /completions, in a choice-less last chunk for /chat/completions, <c>timings</c>,
/// <c>[DONE]</c>), and that what the backend makes of them equals the in-process backend on the same weights.
/// </summary>
[Trait("Category", "Integration")]
public class LlamaServerTests(LlamaServerFixture fixture) : IClassFixture<LlamaServerFixture>
{
    private static readonly Lazy<LlamaCppGenerator> InProcess = new(() =>
        LlamaCppGenerator.Load(TestEnvironment.TinyModelPath, new LlamaCppOptions { ContextSize = 512, Threads = 1 }));

    private OpenAiGenerator Client(int concurrency = 1) => new(new OpenAiOptions
    {
        BaseUrl = fixture.Server.BaseUrl,
        Model = LlamaServerProcess.ModelName,
        Concurrency = concurrency,
    });

    /// <summary>The data payloads of one streamed request, as llama-server sent them.</summary>
    private async Task<List<string>> RawEventsAsync(string path, JsonObject body)
    {
        using var http = new HttpClient();
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(fixture.Server.BaseUrl.ToString().TrimEnd('/') + "/" + path, content);
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {fixture.Server.Log}");
        Assert.StartsWith("text/event-stream", response.Content.Headers.ContentType?.ToString());
        var text = await response.Content.ReadAsStringAsync();
        return text.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l[6..]).ToList();
    }

    [Fact]
    public async Task Completions_stream_ends_with_usage_and_timings_in_the_finishing_chunk_then_DONE()
    {
        var events = await RawEventsAsync("completions", new JsonObject
        {
            ["model"] = LlamaServerProcess.ModelName, ["prompt"] = "the osc~ connect", ["max_tokens"] = 7, ["temperature"] = 0,
            ["stream"] = true, ["stream_options"] = new JsonObject { ["include_usage"] = true },
        });
        Assert.Equal("[DONE]", events[^1]);
        var last = JsonNode.Parse(events[^2])!;
        Assert.Equal("length", last["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.Equal(7, last["usage"]!["completion_tokens"]!.GetValue<int>());
        Assert.Equal(7, last["timings"]!["predicted_n"]!.GetValue<int>());
        Assert.True(last["timings"]!["predicted_ms"]!.GetValue<double>() > 0);
    }

    [Fact]
    public async Task Chat_stream_sends_usage_in_a_last_chunk_without_choices()
    {
        var events = await RawEventsAsync("chat/completions", new JsonObject
        {
            ["model"] = LlamaServerProcess.ModelName, ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "osc~" }),
            ["max_tokens"] = 5, ["temperature"] = 0, ["stream"] = true, ["stream_options"] = new JsonObject { ["include_usage"] = true },
        });
        Assert.Equal("[DONE]", events[^1]);
        var last = JsonNode.Parse(events[^2])!;
        Assert.Empty(last["choices"]!.AsArray());
        Assert.Equal(5, last["usage"]!["completion_tokens"]!.GetValue<int>());
        Assert.NotNull(last["timings"]);
        Assert.Equal("length", JsonNode.Parse(events[^3])!["choices"]![0]!["finish_reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Greedy_completion_through_llama_server_equals_the_in_process_backend_with_the_servers_counts()
    {
        using var client = Client();
        var request = GenerationRequest.FromPrompt("the osc~ connect", DecodingSettings.Greedy(12));
        var remote = (await client.GenerateAsync(request)).Single();
        var local = (await InProcess.Value.GenerateAsync(request)).Single();
        // Same weights, same libraries, greedy: the same text, except that llama-server holds back a trailing incomplete
        // UTF-8 sequence (the tiny vocabulary spells bytes) where our decoder writes U+FFFD for it.
        Assert.StartsWith(remote.Text, local.Text);
        Assert.All(local.Text[remote.Text.Length..], c => Assert.Equal('\uFFFD', c));
        Assert.True(remote.Text.Length >= 8, remote.Text);
        Assert.Equal(FinishReason.Length, remote.FinishReason);
        Assert.Equal(12, remote.CompletionTokens);
        Assert.Equal(local.PromptTokens, remote.PromptTokens);
        // llama-server's own counters, read from its timings.
        var engine = remote.Timings.Engine!;
        Assert.Equal(12, engine.EvalTokens);
        Assert.True(engine.EvalMs > 0);
        Assert.True(remote.Timings.TimeToFirstTokenMs > 0);
        Assert.True(remote.Timings.TotalMs >= remote.Timings.TimeToFirstTokenMs);
    }

    [Fact]
    public async Task Chat_messages_through_llama_server_count_the_servers_tokens()
    {
        using var client = Client();
        var request = GenerationRequest.FromChat([new ChatMessage("user", "osc~")], DecodingSettings.Greedy(5));
        var remote = (await client.GenerateAsync(request)).Single();
        Assert.Equal(5, remote.CompletionTokens);
        Assert.True(remote.PromptTokens > 5, $"the chat template wraps the message: {remote.PromptTokens} prompt tokens");
        Assert.Equal(5, remote.Timings.Engine!.EvalTokens);
    }

    [Fact]
    public async Task Sixteen_requests_at_concurrency_four_all_finish_with_full_answers()
    {
        using var client = Client(concurrency: 4);
        var prompts = Enumerable.Range(0, 16).Select(i => $"#X obj {i} osc~").ToList();
        var results = await Task.WhenAll(prompts.Select(p =>
            client.CompleteAsync(GenerationRequest.FromPrompt(p, DecodingSettings.Greedy(8)), null, null, default)));
        Assert.All(results, r => Assert.Equal(8, r.CompletionTokens));
        Assert.All(results, r => Assert.Equal(FinishReason.Length, r.FinishReason));
        // llama-server (cpp-httplib) now and then closes a reused keep-alive connection under a request it has not answered
        // ("The response ended prematurely"); that attempt is retried, which is why the answers above are all complete.
        Assert.True(client.RetriedAttempts == 0 || client.LastRetryReason!.Contains("ended prematurely", StringComparison.Ordinal),
            $"{client.RetriedAttempts} retried attempt(s), the last: {client.LastRetryReason}");
    }
}
