using PatchBench.Generation.Gguf;
using PatchBench.Generation.LlamaCpp;
using PatchBench.Generation.Onnx;
using Xunit.Abstractions;

namespace PatchBench.Generation.Tests.Onnx;

/// <summary>The same tiny weights as GGUF (llama.cpp) and as ONNX (ONNX Runtime) compute the same function.</summary>
public class OnnxInterchangeabilityTests(ITestOutputHelper output)
{
    private static OnnxGenerator Onnx => OnnxTestEnvironment.Generator;

    // LLamaSharp's StreamingTokenDecoder keeps the SentencePiece space of a completion's first piece (" osc~", as
    // llama-server returns it) and prints a lone byte token of the untrained model as U+FFFD; our tokenizer.json decoder
    // strips that space and joins bytes. Token counts are compared exactly; the text without those two differences.
    private static string Visible(string text) => text.Replace("\uFFFD", "", StringComparison.Ordinal).TrimStart(' ');

    public static TheoryData<string> Prompts => new()
    {
        "the osc~ connect",
        "#X obj 10 10 osc~ 440;",
        "and the bang",
        "a  b\n\tc {x} = [1, 2]",
    };

    [Theory]
    [MemberData(nameof(Prompts))]
    public void Logits_of_every_position_match_llama_cpp(string prompt)
    {
        var llama = OnnxTestEnvironment.LlamaF32;
        var tokens = llama.Model.Tokenize(prompt, addSpecial: true);
        var expected = llama.AllLogits(tokens);
        var actual = Onnx.AllLogits(tokens);
        Assert.Equal(expected.Length, actual.Length);
        var maxDiff = expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max();
        var scale = expected.Max(Math.Abs);
        output.WriteLine($"{tokens.Length} positions, max |Δlogit| {maxDiff:G3}, largest |logit| {scale:G3}");
        // Both run in float32 with different summation orders; logits are O(10).
        Assert.True(maxDiff < 1e-3 * Math.Max(1, scale), $"max |Δlogit| {maxDiff} (largest logit {scale})");
    }

    [Theory]
    [MemberData(nameof(Prompts))]
    public async Task Greedy_tokens_are_identical_to_llama_cpp(string prompt)
    {
        var request = GenerationRequest.FromPrompt(prompt, DecodingSettings.Greedy(40));
        var expected = (await TestEnvironment.Generator.GenerateAsync(request)).Single();
        var actual = (await Onnx.GenerateAsync(request)).Single();
        Assert.Equal(Visible(expected.Text), Visible(actual.Text));
        Assert.Equal(expected.PromptTokens, actual.PromptTokens);
        Assert.Equal(expected.CompletionTokens, actual.CompletionTokens);
        Assert.Equal(expected.FinishReason, actual.FinishReason);
    }

    [Fact]
    public async Task Greedy_chat_request_matches_llama_cpps_chatml_rendering()
    {
        var request = GenerationRequest.FromChat([new ChatMessage("system", "be brief"), new ChatMessage("user", "osc~ to dac~")], DecodingSettings.Greedy(30));
        Assert.Equal(TestEnvironment.Generator.TokenizePrompt(request), Onnx.TokenizePrompt(request));
        var expected = (await TestEnvironment.Generator.GenerateAsync(request)).Single();
        var actual = (await Onnx.GenerateAsync(request)).Single();
        Assert.Equal(expected.Text, actual.Text);
    }

    [Theory]
    [InlineData("the osc~ connect", " the dac~ and")]
    [InlineData("#X obj 10 10", " osc~ 440;")]
    public async Task Log_likelihood_matches_llama_cpp(string prompt, string continuation)
    {
        var expected = await OnnxTestEnvironment.LlamaF32.ScoreAsync(prompt, continuation);
        var actual = await Onnx.ScoreAsync(prompt, continuation);
        Assert.Equal(expected.TokenCount, actual.TokenCount);
        Assert.True(actual.TokenCount > 0);
        // float32 on both sides: per-token log-probabilities agree to about 1e-3.
        for (var i = 0; i < expected.TokenCount; i++) Assert.InRange(Math.Abs(expected.TokenLogProbs![i] - actual.TokenLogProbs![i]), 0, 2e-3);
        Assert.InRange(Math.Abs(expected.LogLikelihood - actual.LogLikelihood), 0, 1e-2);
    }

    [Fact]
    public void Kv_cache_steps_equal_a_full_recompute()
    {
        var tokens = TestEnvironment.Generator.Model.Tokenize("the osc~ connect and the bang of the dac~", addSpecial: true);
        var full = Onnx.AllLogits(tokens);
        var vocab = full.Length / tokens.Length;
        Onnx.ClearMemory();
        // The first 5 tokens in one batch, then one token at a time from the cache.
        var last = Onnx.DecodeTokens(tokens.AsSpan(0, 5));
        AssertClose(full.AsSpan(4 * vocab, vocab), last);
        for (var i = 5; i < tokens.Length; i++)
        {
            last = Onnx.DecodeTokens(tokens.AsSpan(i, 1));
            Assert.Equal(i + 1, Onnx.CachedTokens);
            AssertClose(full.AsSpan(i * vocab, vocab), last);
        }
    }

    [Fact]
    public void Grouped_query_attention_model_matches_llama_cpp()
    {
        // KvHeads < Heads exercises the broadcast of key/value heads over query groups.
        var config = new TinyLlamaConfig { Heads = 4, KvHeads = 2, Layers = 2, Seed = 7 };
        var dir = TestEnvironment.TempDirectory("gqa");
        var gguf = Path.Combine(dir, "gqa.gguf");
        TinyLlamaModelBuilder.Write(gguf, config);
        var folder = TinyLlamaOnnxWriter.Write(Path.Combine(dir, "onnx"), config, p => File.WriteAllText(p, "{}"));
        using var llama = LlamaCppGenerator.Load(gguf, new LlamaCppOptions { ContextSize = 256, KvCacheF32 = true });
        using var onnx = OnnxGenerator.Load(folder, new OnnxOptions { TokenizerLoader = _ => new LlamaVocabularyTokenizer(llama.Model) });
        var tokens = llama.Model.Tokenize("the osc~ connect and the bang", addSpecial: true);
        var expected = llama.AllLogits(tokens);
        var actual = onnx.AllLogits(tokens);
        Assert.True(expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max() < 1e-3 * Math.Max(1, expected.Max(Math.Abs)));
    }

    private static void AssertClose(ReadOnlySpan<float> expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < actual.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-4, $"logit {i}: {expected[i]} vs {actual[i]}");
    }
}
