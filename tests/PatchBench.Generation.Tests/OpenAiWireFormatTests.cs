using PatchBench.Harness.Records;
using System.Net;
using System.Text;
using PatchBench.Generation.OpenAI;

namespace PatchBench.Generation.Tests;

/// <summary>
/// The stream reader on the byte shapes real servers send (vLLM's usage-only last chunk, continuous usage, keep-alive
/// comments, CRLF, <c>data:</c> without a space, an end by finish_reason without <c>[DONE]</c>) and the 503 wait of a
/// loading server. Each response is served by a handler of canned bytes, so the exact wire text is the input.
/// </summary>
public class OpenAiWireFormatTests
{
    private sealed class CannedHandler(Func<int, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public int Requests;
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(Interlocked.Increment(ref Requests)));
    }

    private static HttpResponseMessage Stream(string body) => new(HttpStatusCode.OK)
    {
        Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body))) { Headers = { { "Content-Type", "text/event-stream" } } },
    };

    private static HttpResponseMessage Unavailable(string message) => new(HttpStatusCode.ServiceUnavailable)
    {
        Content = new StringContent($"{{\"error\":{{\"code\":503,\"message\":\"{message}\",\"type\":\"unavailable_error\"}}}}", Encoding.UTF8,
            "application/json"),
    };

    private static (OpenAiGenerator Client, CannedHandler Handler) Client(Func<int, HttpResponseMessage> answer, int retries = 0,
        TimeSpan? loadWait = null, TimeSpan? poll = null)
    {
        var handler = new CannedHandler(answer);
        var client = new OpenAiGenerator(new OpenAiOptions
        {
            BaseUrl = new Uri("http://127.0.0.1:9/v1"),
            Model = "m",
            MaxRetries = retries,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            LoadWait = loadWait ?? TimeSpan.FromSeconds(5),
            LoadPollInterval = poll ?? TimeSpan.FromMilliseconds(5),
        }, new HttpClient(handler));
        return (client, handler);
    }

    private static Task<Completion> Complete(OpenAiGenerator client) =>
        client.CompleteAsync(GenerationRequest.FromPrompt("[osc~ 440]", DecodingSettings.Greedy(16)), null, null, CancellationToken.None);

    // vLLM with stream_options.include_usage: usage null on every content chunk, then a chunk with no choices and the usage.
    private const string VllmCompletions =
        "data: {\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"text\":\"#X " +
            "obj\",\"logprobs\":null,\"finish_reason\":null,\"stop_reason\":null}],\"usage\":null}\n\n" +
        "data: {\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"text\":\" 10 10 " +
            "osc~\",\"logprobs\":null,\"finish_reason\":null,\"stop_reason\":null}],\"usage\":null}\n\n" +
        "data: {\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"text\":\";\",\"logprobs\":null," +
            "\"finish_reason\":\"length\",\"stop_reason\":null}],\"usage\":null}\n\n" +
        "data: {\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":7," +
            "\"total_tokens\":23,\"completion_tokens\":16}}\n\n" +
        "data: [DONE]\n\n";

    [Fact]
    public async Task Vllm_usage_in_a_last_chunk_without_choices_gives_the_token_counts()
    {
        var (client, _) = Client(_ => Stream(VllmCompletions));
        var c = await Complete(client);
        Assert.Equal("#X obj 10 10 osc~;", c.Text);
        Assert.Equal(new TokenCounts(7, 16), c.Tokens);
        Assert.Equal(FinishReason.Length, c.FinishReason);
        Assert.Null(c.Timings.Engine);   // vLLM sends no engine timings
    }

    [Fact]
    public async Task Chat_deltas_with_a_role_only_first_chunk_and_continuous_usage_keep_the_last_counts()
    {
        const string body =
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}],\"usage\":{\"prompt_tokens\":5," +
                "\"completion_tokens\":0}}\n\n" +
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"#N " +
                "canvas\"},\"finish_reason\":null}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}\n\n" +
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":null},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5," +
                "\"completion_tokens\":3}}\n\n" +
            "data: [DONE]\n\n";
        var (client, _) = Client(_ => Stream(body));
        var c = await Complete(client);
        Assert.Equal("#N canvas", c.Text);
        Assert.Equal(new TokenCounts(5, 3), c.Tokens);
        Assert.Equal(FinishReason.Stop, c.FinishReason);
    }

    [Fact]
    public async Task Keep_alive_comments_crlf_and_data_without_a_space_are_read_as_servers_send_them()
    {
        const string body =
            ": ping - 2026-12-07 05:00:00\r\n\r\n" +
            "data:{\"choices\":[{\"text\":\"a\",\"finish_reason\":null}]}\r\n\r\n" +
            ": keep-alive\r\n" +
            "event: message\r\n" +
            "data: {\"choices\":[{\"text\":\"b\",\"finish_reason\":\"stop\"}],\"timings\":{\"prompt_n\":4,\"prompt_ms\":2.0,\"prompt_per_second\":2000.0," +
                "\"predicted_n\":2,\"predicted_ms\":4.0,\"predicted_per_second\":500.0}}\r\n\r\n" +
            "data: [DONE]\r\n\r\n";
        var (client, _) = Client(_ => Stream(body));
        var c = await Complete(client);
        Assert.Equal("ab", c.Text);
        Assert.NotNull(c.Timings.Engine);
        Assert.Equal(2, c.Timings.Engine!.EvalTokens);
        Assert.Equal(2000.0, c.Timings.PromptTokensPerSecond);
    }

    [Fact]
    public async Task A_finish_reason_without_done_ends_the_answer_but_neither_is_a_cut_stream()
    {
        var (ended, _) = Client(_ => Stream("data: {\"choices\":[{\"text\":\"x\",\"finish_reason\":\"stop\"}]}\n\n"));
        Assert.Equal("x", (await Complete(ended)).Text);
        var (cut, _) = Client(_ => Stream("data: {\"choices\":[{\"text\":\"x\",\"finish_reason\":null}]}\n\n"));
        Assert.Contains("closed the stream early", (await Assert.ThrowsAsync<OpenAiException>(() => Complete(cut))).Message);
    }

    [Fact]
    public async Task A_loading_server_is_polled_past_the_retry_budget_until_it_answers()
    {
        // llama-server answers 503 "Loading model" until the weights are in; retries=0 must not make that fatal.
        var (client, handler) = Client(n => n <= 12 ? Unavailable("Loading model") : Stream(VllmCompletions), retries: 0);
        var c = await Complete(client);
        Assert.Equal("#X obj 10 10 osc~;", c.Text);
        Assert.Equal(13, handler.Requests);
        Assert.Equal(12, client.UnavailableAnswers);
    }

    [Fact]
    public async Task A_server_still_loading_after_the_wait_fails_with_one_line_naming_the_option()
    {
        var (client, handler) = Client(_ => Unavailable("Loading model"), retries: 2, loadWait: TimeSpan.FromMilliseconds(100),
            poll: TimeSpan.FromMilliseconds(10));
        var e = await Assert.ThrowsAsync<OpenAiException>(() => Complete(client));
        Assert.Equal(503, e.StatusCode);
        Assert.Contains("still unavailable after waiting 0.1 s", e.Message);
        Assert.Contains("load_wait_s", e.Message);
        Assert.Contains("Loading model", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        // 10 polls + the first attempt; the transient retries do not multiply the wait.
        Assert.Equal(11, handler.Requests);
    }

    [Fact]
    public async Task Without_a_load_wait_503_counts_against_the_retries_as_before()
    {
        var (client, handler) = Client(_ => Unavailable("busy"), retries: 2, loadWait: TimeSpan.Zero);
        var e = await Assert.ThrowsAsync<OpenAiException>(() => Complete(client));
        Assert.Contains("still failing after 3 attempt(s)", e.Message);
        Assert.Equal(3, handler.Requests);
    }
}
