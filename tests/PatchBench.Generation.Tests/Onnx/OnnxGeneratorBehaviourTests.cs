using FsCheck;
using FsCheck.Fluent;
using PatchBench.Generation.Onnx;

namespace PatchBench.Generation.Tests.Onnx;

public class TokenSamplerTests
{
    [Fact]
    public void Mersenne_twister_matches_std_mt19937()
    {
        // C++11 [rand.predef]: the 10000th output of a default-constructed std::mt19937 (seed 5489) is 4123659995.
        var mt = new MersenneTwister(5489);
        uint x = 0;
        for (var i = 0; i < 10000; i++) x = mt.Next();
        Assert.Equal(4123659995u, x);
        Assert.Equal(3499211612u, new MersenneTwister(5489).Next());
    }

    [Fact]
    public void Canonical_doubles_are_in_the_unit_interval()
    {
        Prop.ForAll<uint>(seed =>
        {
            var mt = new MersenneTwister(seed);
            for (var i = 0; i < 50; i++) { var d = mt.NextCanonicalDouble(); if (d is < 0 or >= 1) return false; }
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Greedy_picks_the_first_maximum_and_penalties_change_it()
    {
        float[] logits = [1f, 3f, 3f, -2f];
        Assert.Equal(1, new TokenSampler(DecodingSettings.Greedy(), 0).Sample(logits));
        var penalised = new TokenSampler(new DecodingSettings { RepeatPenalty = 2f, RepeatLastN = 8 }, 0);
        Assert.Equal(1, penalised.Sample(logits)); // token 1 is now in the history: 3 / 2 < 3
        Assert.Equal(2, penalised.Sample(logits));
    }

    [Fact]
    public void Top_k_one_always_gives_the_best_token_whatever_the_seed()
    {
        float[] logits = [0.5f, 2.5f, 2.4f, 1f];
        for (uint seed = 0; seed < 50; seed++)
            Assert.Equal(1, new TokenSampler(new DecodingSettings { Temperature = 1.5f, TopK = 1 }, seed).Sample(logits));
    }

    [Fact]
    public void Min_p_removes_unlikely_tokens()
    {
        // p(3)/p(0) = e^-10 < 0.01: token 3 is never drawn.
        float[] logits = [5f, 4.5f, 4.9f, -5f];
        for (uint seed = 0; seed < 200; seed++)
            Assert.NotEqual(3, new TokenSampler(new DecodingSettings { Temperature = 1f, MinP = 0.01f }, seed).Sample(logits));
    }
}

[Trait("Category", "Integration")] // native ONNX Runtime and llama.cpp libraries
public class OnnxGeneratorBehaviourTests
{
    private static OnnxGenerator G => OnnxTestEnvironment.Generator;

    private static DecodingSettings Sampled(uint seed, int max = 32) =>
        new() { MaxTokens = max, Temperature = 0.9f, TopK = 40, TopP = 0.95f, MinP = 0.02f, RepeatPenalty = 1.1f, Seed = seed };

    [Fact]
    public async Task Same_seed_same_text_and_samples_use_consecutive_seeds()
    {
        var a = await G.GenerateAsync(GenerationRequest.FromPrompt("the osc~", Sampled(11) with { Samples = 2 }));
        var b = (await G.GenerateAsync(GenerationRequest.FromPrompt("the osc~", Sampled(12)))).Single();
        var again = (await G.GenerateAsync(GenerationRequest.FromPrompt("the osc~", Sampled(11)))).Single();
        Assert.Equal(a[0].Text, again.Text);
        Assert.Equal(a[1].Text, b.Text);
        Assert.NotEqual(a[0].Text, a[1].Text);
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(2u)]
    [InlineData(3u)]
    public async Task Seeded_sampling_draws_what_llama_cpp_draws(uint seed)
    {
        // Same chain order, same std::mt19937 and uniform_real_distribution<double>: the same draws, unless
        // float32 logit differences move a draw across a boundary (not seen on these seeds).
        var request = GenerationRequest.FromPrompt("the osc~ connect", Sampled(seed, 24));
        var expected = (await OnnxTestEnvironment.LlamaF32.GenerateAsync(request)).Single();
        var actual = (await G.GenerateAsync(request)).Single();
        Assert.Equal(expected.Text, actual.Text);
    }

    [Fact]
    public async Task Stop_string_ends_generation_and_is_not_returned()
    {
        var full = (await G.GenerateAsync(GenerationRequest.FromPrompt("the osc~", DecodingSettings.Greedy(40)))).Single();
        var stop = full.Text.Substring(full.Text.Length / 2, 2);
        var cut = (await G.GenerateAsync(GenerationRequest.FromPrompt("the osc~", DecodingSettings.Greedy(40) with { Stop = [stop] }))).Single();
        Assert.Equal(FinishReason.StopString, cut.FinishReason);
        Assert.Equal(full.Text[..full.Text.IndexOf(stop, StringComparison.Ordinal)], cut.Text);
        Assert.True(cut.CompletionTokens < full.CompletionTokens);
    }

    [Fact]
    public async Task Streaming_gives_the_same_text_and_timings_are_measured()
    {
        var request = GenerationRequest.FromPrompt("#X obj", DecodingSettings.Greedy(20));
        var pieces = new List<string>();
        await foreach (var p in G.StreamAsync(request)) pieces.Add(p);
        var whole = (await G.GenerateAsync(request)).Single();
        Assert.Equal(whole.Text, string.Concat(pieces));
        Assert.True(pieces.Count > 1);
        Assert.True(whole.Timings.TimeToFirstTokenMs > 0);
        Assert.True(whole.Timings.PromptTokensPerSecond > 0);
        Assert.True(whole.Timings.GenerationTokensPerSecond > 0);
        Assert.Equal(whole.PromptTokens, whole.Timings.Engine!.PromptEvalTokens);
        Assert.Equal(whole.CompletionTokens - 1, whole.Timings.Engine.EvalTokens);
    }

    [Fact]
    public async Task Cancellation_stops_a_stream()
    {
        using var cts = new CancellationTokenSource();
        var count = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in G.StreamAsync(GenerationRequest.FromPrompt("the", DecodingSettings.Greedy(200)), cts.Token))
            {
                if (++count == 3) cts.Cancel();
            }
        });
        Assert.Equal(3, count);
        // The generator is usable afterwards.
        Assert.NotEmpty((await G.GenerateAsync(GenerationRequest.FromPrompt("the", DecodingSettings.Greedy(4)))).Single().Text);
    }

    [Fact]
    public async Task Prompt_too_long_for_the_context_is_refused()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => G.GenerateAsync(GenerationRequest.FromPrompt(string.Concat(Enumerable.Repeat("zq ", 400)))));
        Assert.Contains("the context holds 512", e.Message);
    }
}
