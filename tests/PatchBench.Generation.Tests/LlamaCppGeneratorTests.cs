using PatchBench.Harness.Records;
using PatchBench.Generation.LlamaCpp;
using PatchBench.Testing;

namespace PatchBench.Generation.Tests;

[Trait("Category", "Integration")] // LLamaSharp's native llama.cpp on the tiny GGUF
public class LlamaCppGeneratorTests
{
    private static LlamaCppGenerator G => TestEnvironment.Generator;

    [Fact]
    public async Task Greedy_output_is_the_same_every_time()
    {
        var request = GenerationRequest.FromPrompt("the osc~ connect", DecodingSettings.Greedy(24));
        var a = (await G.GenerateAsync(request)).Single();
        var b = (await G.GenerateAsync(request)).Single();
        Assert.Equal(a.Text, b.Text);
        Assert.Equal(24, a.CompletionTokens);
        Assert.Equal(FinishReason.Length, a.FinishReason);
        Assert.NotEmpty(a.Text);
    }
}

[Trait("Category", "Integration")] // LLamaSharp's native llama.cpp on the tiny GGUF
public class LlamaCppBehaviourTests
{
    private static LlamaCppGenerator G => TestEnvironment.Generator;

    private static DecodingSettings Sampled(uint seed, int max = 32) =>
        new() { MaxTokens = max, Temperature = 0.9f, TopK = 40, TopP = 0.95f, MinP = 0.02f, RepeatPenalty = 1.1f, Seed = seed };

    [Theory]
    [InlineData("the osc~ connect")]
    [InlineData("#X obj 10 10 osc~ 440;")]
    [InlineData("café – naïve 🎵 ∑ 日本")]
    [InlineData("a  b\n\tc")]
    public void Tokenize_then_detokenize_gives_the_text_back(string text)
    {
        var tokens = G.Model.Tokenize(text, addSpecial: true);
        Assert.Equal(G.Model.Bos, tokens[0]);
        Assert.Equal(text, G.Model.Detokenize(tokens));
    }

    [Fact]
    public void Merged_pieces_and_byte_fallback_are_used()
    {
        var vocab = TinyLlamaModelBuilder.Vocabulary(new TinyLlamaConfig());
        var tokens = G.Model.Tokenize("the é", addSpecial: false);
        var pieces = tokens.Select(t => vocab[t].Piece).ToArray();
        Assert.Equal(["▁the", "▁", "<0xC3>", "<0xA9>"], pieces);
    }

    [Fact]
    public async Task Seeded_sampling_is_reproducible_and_depends_on_the_seed()
    {
        var prompt = "the bang";
        var a = (await G.GenerateAsync(GenerationRequest.FromPrompt(prompt, Sampled(7)))).Single();
        var b = (await G.GenerateAsync(GenerationRequest.FromPrompt(prompt, Sampled(7)))).Single();
        Assert.Equal(a.Text, b.Text);
        var others = new List<string>();
        for (uint s = 100; s < 104; s++) others.Add((await G.GenerateAsync(GenerationRequest.FromPrompt(prompt, Sampled(s)))).Single().Text);
        Assert.Contains(others, t => t != a.Text);
    }

    [Fact]
    public async Task N_samples_use_consecutive_seeds()
    {
        var many = await G.GenerateAsync(GenerationRequest.FromPrompt("the", Sampled(40) with { Samples = 3 }));
        Assert.Equal(3, many.Count);
        for (var i = 0; i < 3; i++)
        {
            var single = (await G.GenerateAsync(GenerationRequest.FromPrompt("the", Sampled(40 + (uint)i)))).Single();
            Assert.Equal(single.Text, many[i].Text);
        }
    }

    [Fact]
    public async Task A_stop_string_ends_generation_before_it()
    {
        var full = (await G.GenerateAsync(GenerationRequest.FromPrompt("the dac~", DecodingSettings.Greedy(40)))).Single();
        Assert.True(full.Text.Length >= 12, full.Text);
        var stop = full.Text.Substring(6, 3);
        var cut = (await G.GenerateAsync(GenerationRequest.FromPrompt("the dac~", DecodingSettings.Greedy(40) with { Stop = [stop] }))).Single();
        Assert.Equal(FinishReason.StopString, cut.FinishReason);
        Assert.Equal(full.Text[..full.Text.IndexOf(stop, StringComparison.Ordinal)], cut.Text);
        Assert.True(cut.CompletionTokens < full.CompletionTokens);
    }

    [Fact]
    public async Task Token_counts_and_timings_are_reported()
    {
        var prompt = "the osc~ and the dac~";
        var c = (await G.GenerateAsync(GenerationRequest.FromPrompt(prompt, DecodingSettings.Greedy(16)))).Single();
        Assert.Equal(G.Model.Tokenize(prompt, addSpecial: true).Length, c.PromptTokens);
        Assert.Equal(16, c.CompletionTokens);
        Assert.Equal(FinishReason.Length, c.FinishReason);
        Assert.True(c.Timings.TimeToFirstTokenMs > 0);
        Assert.True(c.Timings.TotalMs >= c.Timings.TimeToFirstTokenMs);
        Assert.True(c.Timings.PromptTokensPerSecond > 0);
        Assert.True(c.Timings.GenerationTokensPerSecond > 0);
        Assert.NotNull(c.Timings.Engine);
        Assert.Equal(c.PromptTokens, c.Timings.Engine!.PromptEvalTokens);
        Assert.Equal(15, c.Timings.Engine.EvalTokens); // the last sampled token is never decoded
        Assert.True(c.Timings.Engine.PromptTokensPerSecond > 0 && c.Timings.Engine.GenerationTokensPerSecond > 0);
    }

    [Fact]
    public async Task Streaming_yields_the_same_text_as_generating()
    {
        var request = GenerationRequest.FromPrompt("the connect", DecodingSettings.Greedy(20) with { Stop = ["zz"] });
        var whole = (await G.GenerateAsync(request)).Single();
        var pieces = new List<string>();
        await foreach (var p in G.StreamAsync(request)) pieces.Add(p);
        Assert.True(pieces.Count > 1);
        Assert.Equal(whole.Text, string.Concat(pieces));
    }

    [Fact]
    public async Task Cancellation_stops_a_request_and_the_generator_stays_usable()
    {
        using var cts = new CancellationTokenSource();
        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in G.StreamAsync(GenerationRequest.FromPrompt("the", DecodingSettings.Greedy(400)), cts.Token))
            {
                if (++seen == 3) cts.Cancel();
            }
        });
        Assert.Equal(3, seen);
        var after = (await G.GenerateAsync(GenerationRequest.FromPrompt("the", DecodingSettings.Greedy(4)))).Single();
        Assert.Equal(4, after.CompletionTokens);
    }

    [Fact]
    public async Task The_chat_template_of_the_model_is_applied()
    {
        ChatMessage[] chat = [new("system", "be brief"), new("user", "the osc~")];
        Assert.Equal("<|im_start|>system\nbe brief<|im_end|>\n<|im_start|>user\nthe osc~<|im_end|>\n<|im_start|>assistant\n",
            G.RenderPrompt(GenerationRequest.FromChat(chat)));
        var tokens = G.TokenizePrompt(GenerationRequest.FromChat(chat));
        var imStart = G.Model.Tokenize("<|im_start|>", addSpecial: false, parseSpecial: true).Single();
        Assert.Equal(3, tokens.Count(t => t == imStart));
        var c = (await G.GenerateAsync(GenerationRequest.FromChat(chat, DecodingSettings.Greedy(5)))).Single();
        Assert.Equal(tokens.Length, c.PromptTokens);
    }

    [Fact]
    public async Task Log_likelihood_matches_a_step_by_step_evaluation()
    {
        const string prompt = "the osc~";
        const string continuation = " connect the dac~ and the bang";
        var score = await G.ScoreAsync(prompt, continuation);

        // Independent path: feed the prompt, then one token at a time, reading the last logits each step.
        var whole = G.Model.Tokenize(prompt + continuation, addSpecial: true);
        var split = G.Model.Tokenize(prompt, addSpecial: true).Length;
        var expected = new List<double>();
        // A context of its own over the same model, so the raw decode calls never meet another request.
        using var own = new LlamaCppGenerator(G.Model, new LlamaCppOptions { ContextSize = 256 });
        own.ClearMemory();
        own.DecodeTokens(whole.AsSpan(0, split));
        for (var i = split; i < whole.Length; i++)
        {
            expected.Add(LlamaCppGenerator.LogSoftmaxAt(own.LastLogits(), whole[i]));
            own.DecodeTokens(whole.AsSpan(i, 1));
        }
        Assert.Equal(expected.Count, score.TokenCount);
        for (var i = 0; i < expected.Count; i++) Assert.Equal(expected[i], score.TokenLogProbs![i], 3);
        Assert.True(score.LogLikelihood < 0);
        Assert.Equal(Math.Exp(-expected.Sum() / expected.Count), score.Perplexity!.Value, 2);
        // Perplexity of an untrained model over ~300 tokens sits near the vocabulary size, far above 1.
        Assert.InRange(score.Perplexity!.Value, 2, 10_000);
    }

    [Fact]
    public void Threads_default_to_physical_cores()
    {
        // Read back from llama.cpp's context: both generation and prompt processing (LLamaSharp alone would use 1 here).
        Assert.Equal(CpuTopology.PhysicalCores(), G.Threads);
        Assert.Equal(CpuTopology.PhysicalCores(), G.BatchThreads);
        using var one = new LlamaCppGenerator(G.Model, new LlamaCppOptions { ContextSize = 64, Threads = 1 });
        Assert.Equal((1, 1), (one.Threads, one.BatchThreads));
    }
}

[Trait("Category", "Integration")] // LLamaSharp's native llama.cpp on the tiny GGUF
public class ReferenceForwardPassTests
{
    [Fact]
    public async Task Log_likelihood_matches_an_independent_CSharp_forward_pass()
    {
        var g = TestEnvironment.Generator;
        const string prompt = "#X obj 10 10 osc~ 440;";
        const string continuation = " the dac~ and the bang";
        var score = await g.ScoreAsync(prompt, continuation);
        var whole = g.Model.Tokenize(prompt + continuation, addSpecial: true);
        var split = whole.Length - score.TokenCount;
        var logits = new ReferenceForwardPass(TestEnvironment.TinyModelPath).Logits(whole);
        for (var i = split; i < whole.Length; i++)
        {
            // llama.cpp keeps the KV cache in F16, so agreement is to about 1e-3, not exact.
            Assert.Equal(ReferenceForwardPass.LogProb(logits[i - 1], whole[i]), score.TokenLogProbs![i - split], 2);
        }
    }

    [Fact]
    public async Task Greedy_generation_follows_the_reference_argmax()
    {
        var g = TestEnvironment.Generator;
        var c = (await g.GenerateAsync(GenerationRequest.FromPrompt("the osc~", DecodingSettings.Greedy(8)))).Single();
        var tokens = g.Model.Tokenize("the osc~", addSpecial: true).ToList();
        var reference = new ReferenceForwardPass(TestEnvironment.TinyModelPath);
        var text = new List<byte>();
        for (var step = 0; step < 8; step++)
        {
            var last = reference.Logits(tokens)[^1];
            var next = Array.IndexOf(last, last.Max());
            tokens.Add(next);
            text.AddRange(g.Model.TokenBytes(next));
        }
        Assert.Equal(System.Text.Encoding.UTF8.GetString(text.ToArray()), c.Text);
    }
}
