using System.Net;
using System.Net.Sockets;
using PatchBench.Generation.LlamaCpp;
using PatchBench.Generation.OpenAI;

namespace PatchBench.Generation.Tests;

/// <summary>
/// The HTTP backend against a real Kestrel server on 127.0.0.1 that serves the OpenAI wire format
/// from the llama.cpp backend (tiny GGUF), so every byte streamed is real model output.
/// </summary>
[Trait("Category", "Integration")] // loopback Kestrel server over the native llama.cpp model
public class OpenAiGeneratorTests
{
    // A context of our own: other test classes drive the shared generator's context directly (step-by-step
    // log-likelihood checks outside its request queue), so serving HTTP from it would interleave with them.
    private static readonly Lazy<LlamaCppGenerator> OwnGenerator = new(() =>
        LlamaCppGenerator.Load(TestEnvironment.TinyModelPath, new LlamaCppOptions { ContextSize = 512 }));

    private static LlamaCppGenerator Local => OwnGenerator.Value;

    private static OpenAiGenerator Client(OpenAiLoopbackServer server, string model = OpenAiLoopbackServer.ModelName, int retries = 3,
        int concurrency = 1, TimeSpan? requestTimeout = null, string keyVariable = OpenAiOptions.DefaultApiKeyVariable) =>
        new(new OpenAiOptions
        {
            BaseUrl = server.BaseUrl,
            Model = model,
            MaxRetries = retries,
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            Concurrency = concurrency,
            RequestTimeout = requestTimeout ?? TimeSpan.FromMinutes(5),
            ApiKeyEnvironmentVariable = keyVariable,
        });

    [Fact]
    public async Task Greedy_completion_over_http_equals_the_in_process_backend()
    {
        await using var server = await OpenAiLoopbackServer.StartAsync(Local);
        using var client = Client(server);
        var request = GenerationRequest.FromPrompt("the osc~ connect", DecodingSettings.Greedy(24));
        var local = (await Local.GenerateAsync(request)).Single();
        var remote = (await client.GenerateAsync(request)).Single();
        Assert.Equal(local.Text, remote.Text);
        Assert.NotEmpty(remote.Text);
        Assert.Equal(local.PromptTokens, remote.PromptTokens);
        Assert.Equal(local.CompletionTokens, remote.CompletionTokens);
        Assert.Equal(local.FinishReason, remote.FinishReason);
        Assert.Equal(FinishReason.Length, remote.FinishReason);
        Assert.True(remote.Timings.TimeToFirstTokenMs > 0);
        Assert.True(remote.Timings.TotalMs >= remote.Timings.TimeToFirstTokenMs);
        Assert.True(remote.Timings.GenerationTokensPerSecond > 0);
        // llama-server's timings block is read into the engine counters.
        Assert.NotNull(remote.Timings.Engine);
        Assert.Equal(local.PromptTokens, remote.Timings.Engine!.PromptEvalTokens);
        Assert.NotNull(server.Bodies.Single()["prompt"]);
    }

    [Fact]
    public async Task Chat_messages_go_to_the_chat_endpoint_and_match_the_models_template()
    {
        await using var server = await OpenAiLoopbackServer.StartAsync(Local);
        using var client = Client(server);
        var request = GenerationRequest.FromChat([new ChatMessage("system", "You write Pd."), new ChatMessage("user", "make an osc~")],
            DecodingSettings.Greedy(20));
        var local = (await Local.GenerateAsync(request)).Single();
        var remote = (await client.GenerateAsync(request)).Single();
        Assert.Equal(local.Text, remote.Text);
        Assert.Equal(local.PromptTokens, remote.PromptTokens);
        var body = server.Bodies.Single();
        Assert.Equal(2, body["messages"]!.AsArray().Count);
        Assert.Null(body["prompt"]);
    }

    [Fact]
    public async Task Streaming_yields_pieces_that_join_to_the_completion()
    {
        await using var server = await OpenAiLoopbackServer.StartAsync(Local);
        using var client = Client(server);
        var request = GenerationRequest.FromPrompt("the dac~", DecodingSettings.Greedy(20));
        var pieces = new List<string>();
        await foreach (var p in client.StreamAsync(request)) pieces.Add(p);
        var local = (await Local.GenerateAsync(request)).Single();
        Assert.True(pieces.Count > 1);
        Assert.Equal(local.Text, string.Concat(pieces));
    }

    [Fact]
    public async Task Sampling_settings_stop_strings_and_seed_reach_the_server_and_seeded_output_matches()
    {
        await using var server = await OpenAiLoopbackServer.StartAsync(Local);
        using var client = Client(server);
        var d = new DecodingSettings { MaxTokens = 16, Temperature = 0.8f, TopK = 30, TopP = 0.9f, MinP = 0.05f, RepeatPenalty = 1.1f, Seed = 42,
            Stop = ["zz"] };
        var request = GenerationRequest.FromPrompt("the bang", d);
        var remote = (await client.GenerateAsync(request)).Single();
        var local = (await Local.GenerateAsync(request)).Single();
        Assert.Equal(local.Text, remote.Text);
        var body = server.Bodies.Single();
        Assert.Equal(30, body["top_k"]!.GetValue<int>());
        Assert.Equal(42u, body["seed"]!.GetValue<uint>());
        Assert.Equal("zz", body["stop"]![0]!.GetValue<string>());
        Assert.Equal(1.1f, (float)body["repeat_penalty"]!.GetValue<double>(), 3);
        Assert.True(body["stream"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Neutral_samplers_are_not_sent_so_strict_servers_accept_the_request()
    {
        await using var server = await OpenAiLoopbackServer.StartAsync(Local);
        using var client = Client(server);
        await client.GenerateAsync(GenerationRequest.FromPrompt("the", DecodingSettings.Greedy(4)));
        var body = server.Bodies.Single();
        foreach (var key in new[] { "top_k", "min_p", "repeat_penalty", "repetition_penalty", "top_p", "seed", "stop" }) Assert.Null(body[key]);
    }

    [Fact]
    public async Task A_slow_server_shows_in_time_to_first_token_and_inter_token_latency()
    {
        await using var server = await OpenAiLoopbackServer.StartAsync(Local);
        server.HeaderDelay = TimeSpan.FromMilliseconds(150);
        server.PieceDelay = TimeSpan.FromMilliseconds(30);
        using var client = Client(server);
        var c = (await client.GenerateAsync(GenerationRequest.FromPrompt("the osc~", DecodingSettings.Greedy(8)))).Single();
        Assert.True(c.Timings.TimeToFirstTokenMs >= 150, $"ttft {c.Timings.TimeToFirstTokenMs}");
        Assert.NotNull(c.Timings.InterTokenLatencyMs);
        // Pieces can arrive in bursts when the client reads late, so only a bound that a fast server (no delay,
        // well under 1 ms per piece) could never reach: the delay must show, not its exact size.
        Assert.True(c.Timings.InterTokenLatencyMs >= 10, $"itl {c.Timings.InterTokenLatencyMs}");
    }

    [Fact]
    public async Task Too_many_requests_is_retried_and_then_succeeds()
    {
        await using var server = await OpenAiLoopbackServer.StartAsync(Local);
        server.Faults.Enqueue(new ServerFault.Status(429, "Rate limit reached", RetryAfterSeconds: 0));
        server.Faults.Enqueue(new ServerFault.Status(503, "Loading model"));
        using var client = Client(server);
        var request = GenerationRequest.FromPrompt("the osc~ connect", DecodingSettings.Greedy(12));
        var remote = (await client.GenerateAsync(request)).Single();
        Assert.Equal((await Local.GenerateAsync(request)).Single().Text, remote.Text);
        Assert.Equal(3, server.Requests);
        Assert.Equal(2, client.RetriedAttempts);
    }

    [Fact]
    public async Task Server_errors_that_outlast_the_retries_give_one_clear_error()
    {
        await using var server = await OpenAiLoopbackServer.StartAsync(Local);
        for (var i = 0; i < 5; i++) server.Faults.Enqueue(new ServerFault.Status(500, "CUDA out of memory"));
        using var client = Client(server, retries: 2);
        var e = await Assert.ThrowsAsync<OpenAiException>(() => client.GenerateAsync(GenerationRequest.FromPrompt("the", DecodingSettings.Greedy(4))));
        Assert.Equal(3, server.Requests);
        Assert.Equal(500, e.StatusCode);
        Assert.Contains("after 3 attempt(s)", e.Message);
        Assert.Contains("CUDA out of memory", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_in_time_is_retried()
    {
        await using var server = await OpenAiLoopbackServer.StartAsync(Local);
        server.Faults.Enqueue(new ServerFault.DelayHeaders(TimeSpan.FromSeconds(30)));
        // Long enough for a busy machine to answer the second attempt; the first never answers.
        using var client = Client(server, requestTimeout: TimeSpan.FromSeconds(3));
        var c = (await client.GenerateAsync(GenerationRequest.FromPrompt("the", DecodingSettings.Greedy(6)))).Single();
        Assert.NotEmpty(c.Text);
        Assert.Equal(2, server.Requests);
        Assert.Equal(1, client.RetriedAttempts);
    }

    [Fact]
    public async Task Hung_server_exhausting_retries_reports_the_timeout()
    {
        await using var server = await OpenAiLoopbackServer.StartAsync(Local);
        for (var i = 0; i < 2; i++) server.Faults.Enqueue(new ServerFault.DelayHeaders(TimeSpan.FromSeconds(30)));
        using var client = Client(server, retries: 1, requestTimeout: TimeSpan.FromMilliseconds(300));
        var e = await Assert.ThrowsAsync<OpenAiException>(() => client.GenerateAsync(GenerationRequest.FromPrompt("the", DecodingSettings.Greedy(6))));
        Assert.Contains("no response within 0.3 s, 2 attempt(s)", e.Message);
    }

    [Fact]
    public async Task A_stream_kept_alive_past_the_deadline_fails_and_frees_its_slot()
    {
        await using var server = await OpenAiLoopbackServer.StartAsync(Local);
        // Comments every 50 ms: the silent-stretch timeout (2 s) never trips, only the total deadline can end it.
        server.Faults.Enqueue(new ServerFault.KeepAliveForever(TimeSpan.FromMilliseconds(50)));
        using var client = new OpenAiGenerator(new OpenAiOptions
        {
            BaseUrl = server.BaseUrl,
            Model = OpenAiLoopbackServer.ModelName,
            ReadTimeout = TimeSpan.FromSeconds(2),
            Deadline = TimeSpan.FromSeconds(4),
        });
        var request = GenerationRequest.FromPrompt("the osc~ connect", DecodingSettings.Greedy(6));
        var e = await Assert.ThrowsAsync<OpenAiException>(() => client.GenerateAsync(request));
        Assert.Contains("no complete answer within deadline_s=4", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        // The one slot (concurrency 1) is free again: the next request is answered in full.
        var c = (await client.GenerateAsync(request)).Single();
        Assert.Equal((await Local.GenerateAsync(request)).Single().Text, c.Text);
        Assert.Equal(2, server.Requests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stream_closed_before_the_end_is_an_error_not_a_short_answer(bool abort)
    {
        await using var server = await OpenAiLoopbackServer.StartAsync(Local);
        server.Faults.Enqueue(new ServerFault.Truncate(3, abort));
        using var client = Client(server);
        var request = GenerationRequest.FromPrompt("the osc~ connect", DecodingSettings.Greedy(24));
        if (abort)
        {
            // A reset connection surfaces either as an early end of stream (an error) or as a transport error that
            // is retried; both are fine, a short answer is not.
            try
            {
                var c = (await client.GenerateAsync(request)).Single();
                Assert.Equal((await Local.GenerateAsync(request)).Single().Text, c.Text);
                Assert.Equal(2, server.Requests);
            }
            catch (OpenAiException e)
            {
                Assert.Contains("closed the stream early after", e.Message);
                Assert.DoesNotContain('\n', e.Message);
            }
            return;
        }
        var error = await Assert.ThrowsAsync<OpenAiException>(() => client.GenerateAsync(request));
        Assert.Contains("closed the stream early after 3 event(s)", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_wrong_model_name_reports_the_servers_message_without_retrying()
    {
        await using var server = await OpenAiLoopbackServer.StartAsync(Local);
        using var client = Client(server, model: "mistral-7b-nope");
        var e = await Assert.ThrowsAsync<OpenAiException>(() => client.GenerateAsync(GenerationRequest.FromPrompt("the", DecodingSettings.Greedy(4))));
        Assert.Equal(404, e.StatusCode);
        Assert.Contains("model 'mistral-7b-nope' not found", e.Message);
        Assert.Contains("The model `mistral-7b-nope` does not exist.", e.Message);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_wrong_path_says_the_base_url_is_probably_wrong()
    {
        await using var server = await OpenAiLoopbackServer.StartAsync(Local);
        using var client = new OpenAiGenerator(new OpenAiOptions { BaseUrl = new Uri(server.BaseUrl.ToString().Replace("/v1", "/v2")),
            Model = OpenAiLoopbackServer.ModelName });
        var e = await Assert.ThrowsAsync<OpenAiException>(() => client.GenerateAsync(GenerationRequest.FromPrompt("the", DecodingSettings.Greedy(4))));
        Assert.Contains("/v2/completions not found", e.Message);
    }

    [Fact]
    public async Task A_wrong_url_fails_at_once_with_connection_refused()
    {
        // A port that was just free: bind, note it, release.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var client = new OpenAiGenerator(new OpenAiOptions { BaseUrl = new Uri($"http://127.0.0.1:{port}/v1"), Model = "m",
            RetryBaseDelay = TimeSpan.FromSeconds(30) });
        var e = await Assert.ThrowsAsync<OpenAiException>(() => client.GenerateAsync(GenerationRequest.FromPrompt("the", DecodingSettings.Greedy(4))));
        Assert.Contains($"cannot connect to http://127.0.0.1:{port}", e.Message);
        Assert.Contains("refused", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, client.RetriedAttempts);
    }

    [Fact]
    public async Task Concurrency_bounds_the_requests_in_flight_across_callers()
    {
        await using var server = await OpenAiLoopbackServer.StartAsync(Local);
        server.HeaderDelay = TimeSpan.FromMilliseconds(300);
        using var client = Client(server, concurrency: 3);
        var request = GenerationRequest.FromPrompt("the", DecodingSettings.Greedy(3));
        // Two callers sharing one generator, three requests each.
        var a = client.GenerateAsync(request with { Decoding = request.Decoding with { Samples = 3 } });
        var b = client.GenerateAsync(request with { Decoding = request.Decoding with { Samples = 3 } });
        var all = (await a).Concat(await b).ToList();
        Assert.Equal(6, all.Count);
        Assert.Single(all.Select(c => c.Text).Distinct());
        Assert.Equal(6, server.Requests);
        Assert.Equal(3, server.MaxInFlight);
    }

    [Fact]
    public async Task The_api_key_comes_from_the_named_variable_and_never_appears_in_errors()
    {
        const string variable = "PATCHBENCH_TEST_OPENAI_KEY";
        const string key = "sk-test-5ecret-value";
        Environment.SetEnvironmentVariable(variable, key);
        try
        {
            await using var server = await OpenAiLoopbackServer.StartAsync(Local);
            server.Faults.Enqueue(new ServerFault.Status(401, "Incorrect API key provided"));
            using var client = Client(server, keyVariable: variable);
            var e = await Assert.ThrowsAsync<OpenAiException>(() => client.GenerateAsync(GenerationRequest.FromPrompt("the", DecodingSettings.Greedy(4))));
            Assert.Equal($"Bearer {key}", server.Authorizations.Single());
            Assert.Contains($"${variable}", e.Message);
            Assert.DoesNotContain(key, e.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void A_named_key_variable_that_is_unset_is_an_error()
    {
        var e = Assert.Throws<ArgumentException>(() => new OpenAiGenerator(new OpenAiOptions { BaseUrl = new Uri("http://127.0.0.1:1/v1"), Model = "m",
            ApiKeyEnvironmentVariable = "PATCHBENCH_SURELY_UNSET_VAR" }));
        Assert.Contains("PATCHBENCH_SURELY_UNSET_VAR", e.Message);
    }

    [Theory]
    [InlineData("{\"error\":{\"message\":\"bad model\",\"type\":\"x\"}}", "bad model")]
    [InlineData("{\"error\":\"plain string\"}", "plain string")]
    [InlineData("{\"detail\":\"Not Found\"}", "Not Found")]
    [InlineData("<html>\n<body>502</body></html>", "<html> <body>502</body></html>")]
    public void Server_error_bodies_become_one_line(string body, string expected) =>
        Assert.Equal(expected, OpenAiGenerator.ServerMessage(body));
}
