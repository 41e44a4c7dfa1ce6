using PatchBench.Generation.Onnx;

namespace PatchBench.Generation.Tests.Onnx;

/// <summary>The onnx: generator's own behaviour through real GenAI: seeds, stop strings, streaming, cancellation, bad input.</summary>
[Trait("Category", "Integration")]
public class OnnxGeneratorBehaviourTests
{
    private static OnnxGenerator G => OnnxTestEnvironment.Generator;

    private static DecodingSettings Sampled(uint seed, int max = 32) =>
        new() { MaxTokens = max, Temperature = 0.9f, TopK = 40, TopP = 0.95f, RepeatPenalty = 1.1f, Seed = seed };

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

    [Fact]
    public async Task Min_p_is_refused_because_genai_has_no_such_option()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() =>
            G.GenerateAsync(GenerationRequest.FromPrompt("the", new DecodingSettings { Temperature = 1, MinP = 0.05f })));
        Assert.Contains("min_p", e.Message);
    }

    [Fact]
    public void Threads_default_to_physical_cores_and_the_option_wins()
    {
        Assert.Equal(Harness.Records.CpuTopology.PhysicalCores(), G.Threads);
        using var one = OnnxGenerator.Load(OnnxTestEnvironment.FolderPath, new OnnxOptions { Threads = 1 });
        Assert.Equal(1, one.Threads);
        Assert.Contains("\"intra_op_num_threads\":3", OnnxGenerator.SessionOverlay(3));
    }

    [Fact]
    public void A_folder_without_genai_config_or_tokenizer_files_is_named_in_one_line()
    {
        var folder = CopyOfTheModel("missing");
        File.Delete(Path.Combine(folder, "tokenizer_config.json"));
        var e = Assert.Throws<OnnxModelFolderException>(() => OnnxGenerator.Load(folder));
        Assert.Equal($"{Path.Combine(folder, "tokenizer_config.json")}: not found (ONNX Runtime GenAI needs it beside tokenizer.json)", e.Message);
        File.Delete(Path.Combine(folder, "tokenizer.json"));
        e = Assert.Throws<OnnxModelFolderException>(() => OnnxGenerator.Load(folder));
        Assert.StartsWith($"{Path.Combine(folder, "tokenizer.json")}: not found", e.Message);
        File.Delete(Path.Combine(folder, "genai_config.json"));
        e = Assert.Throws<OnnxModelFolderException>(() => OnnxGenerator.Load(folder));
        Assert.StartsWith($"{Path.Combine(folder, "genai_config.json")}: not found", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_config_whose_input_names_the_model_lacks_is_refused_in_one_line()
    {
        var folder = CopyOfTheModel("renamed-input");
        var config = Path.Combine(folder, "genai_config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"input_ids\": \"input_ids\"", "\"input_ids\": \"tokens\"", StringComparison.Ordinal));
        var e = Assert.ThrowsAny<Exception>(() =>
        {
            using var g = OnnxGenerator.Load(folder);
            g.GenerateAsync(GenerationRequest.FromPrompt("the", DecodingSettings.Greedy(2))).GetAwaiter().GetResult();
        });
        Assert.IsType<OnnxModelFolderException>(e);
        Assert.StartsWith(folder, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Device_cuda_without_the_cuda_package_says_what_to_install()
    {
        var e = Assert.Throws<OnnxModelFolderException>(() => OnnxGenerator.Load(OnnxTestEnvironment.FolderPath, new OnnxOptions { Device = OnnxDevice.Cuda }));
        Assert.StartsWith("device=cuda:", e.Message);
        Assert.Contains("-p:PatchBenchGpu=cuda12", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    private static string CopyOfTheModel(string name)
    {
        var folder = TestEnvironment.TempDirectory(name);
        foreach (var f in Directory.GetFiles(OnnxTestEnvironment.FolderPath)) File.Copy(f, Path.Combine(folder, Path.GetFileName(f)));
        return folder;
    }
}
