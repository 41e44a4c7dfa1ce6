using System.Text.Json.Nodes;
using PatchBench.Generation.Gguf;
using PatchBench.Generation.Tests;
using PatchBench.Generation.Tests.Onnx;
using PatchBench.Harness.Systems;
using PatchBench.Pd.Catalog;
using PatchBench.Testing;

namespace PatchBench.Harness.Tests;

/// <summary>An <c>onnx:</c> run of the tiny model's GenAI folder (exported from its GGUF) scores exactly as the <c>llamacpp:</c> run of the GGUF.</summary>
[Trait("Category", "Integration")]
public class OnnxRunTests
{
    [Fact]
    public async Task Onnx_and_llamacpp_runs_of_the_same_weights_give_the_same_outputs_and_scores()
    {
        using var dir = new TempDir();
        var suite = Cli.Harness.HarnessSetup.SuiteLoader.Load(TestSuites.OnDisk(dir.Path, 3, "mini"));
        // GenAI tokenizes with the exported tokenizer files, llama.cpp with the GGUF's vocabulary.
        var pools = new Generation.Retrieval.FewShotPools();
        var resolver = new SystemRegistry([new Generation.LlamaCpp.LlamaCppBackend(pools), new Generation.Onnx.OnnxBackend(pools)]);
        var context = new SystemContext(suite, Cli.Harness.HarnessSetup.SuiteLoader);
        // template=raw: llama.cpp's scorer tokenizes without parsing special tokens, tokenizer.json parses them, so a
        // ChatML-rendered prompt would be scored on different tokens (the chat path is compared in the generation tests).
        const string options = "template=raw,system=none,max_tokens=16,ctx=512";
        using var onnx = (IDisposable)resolver.Create(SystemSpec.Parse($"onnx:{OnnxTestEnvironment.FolderPath},{options}"), context);
        using var llama = (IDisposable)resolver.Create(SystemSpec.Parse($"llamacpp:{TestEnvironment.TinyModelPath},{options}"), context);
        var plan = Runs.RunPlan.Create(suite, new Runs.RunPlanOptions(Samples: 1));
        var executor = new Runs.RunExecutor(
            [new Scoring.ParseScorer(), new Scoring.LintScorer(ObjectCatalog.Vanilla), new Scoring.SimilarityScorer(ObjectCatalog.Vanilla)],
            new Runs.SilentProgress());
        var a = await executor.RunAsync(plan, (ISystemUnderTest)llama, Path.Combine(dir.Path, "r"), false, CancellationToken.None);
        var b = await executor.RunAsync(plan, (ISystemUnderTest)onnx, Path.Combine(dir.Path, "r"), false, CancellationToken.None);
        Assert.Equal(0, a.Errors);
        Assert.Equal(0, b.Errors);
        var fromLlama = a.Folder.ReadSamples().OrderBy(s => s.ItemId).ToList();
        var fromOnnx = b.Folder.ReadSamples().OrderBy(s => s.ItemId).ToList();
        Assert.Equal(3, fromOnnx.Count);
        Assert.Equal(fromLlama.Select(s => s.Prompt), fromOnnx.Select(s => s.Prompt));
        Assert.Equal(fromLlama.Select(s => s.Output), fromOnnx.Select(s => s.Output));
        Assert.Equal(fromLlama.Select(s => s.Tokens!.Completion), fromOnnx.Select(s => s.Tokens!.Completion));
        for (var i = 0; i < fromLlama.Count; i++)
        {
            Assert.Equal(fromLlama[i].Scores.Keys.Order(), fromOnnx[i].Scores.Keys.Order());
            foreach (var (key, value) in fromLlama[i].Scores)
            {
                // The reference's perplexity comes from float32 logits on both sides: equal to 1e-3 relative, not bit for bit.
                if (key.Contains("perplexity")) Assert.InRange(Math.Abs(fromOnnx[i].Scores[key] / value - 1), 0, 1e-3);
                else Assert.Equal(value, fromOnnx[i].Scores[key]);
            }
        }
        Assert.Contains("reference_perplexity", fromOnnx[0].Scores.Keys);
    }

    [Fact]
    public async Task Onnx_spec_errors_are_usage_errors_naming_the_folder_or_field()
    {
        using var dir = new TempDir();
        var missing = await CliProcess.RunAsync(dir.Path, "generate", "--system", "onnx:no-such-folder", "--prompt", "x");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("model folder 'no-such-folder' not found", missing.Stderr);

        var folder = Path.Combine(dir.Path, "broken-onnx");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "genai_config.json"), "{ \"model\": { } }");
        var broken = await CliProcess.RunAsync(dir.Path, "generate", "--system", $"onnx:{folder}", "--prompt", "x");
        Assert.Equal(2, broken.ExitCode);
        Assert.Contains("genai_config.json: missing field 'model.decoder'", broken.Stderr);

        var badOption = await CliProcess.RunAsync(dir.Path, "generate", "--system", $"onnx:{folder},device=tpu", "--prompt", "x");
        Assert.Equal(2, badOption.ExitCode);
    }

    [Fact]
    public async Task Convert_writes_a_folder_that_generates_under_onnx_what_the_gguf_generates_under_llamacpp()
    {
        using var dir = new TempDir();
        var gguf = Path.Combine(dir.Path, "tiny.gguf");
        TinyLlamaModelBuilder.Write(gguf, new TinyLlamaConfig { WeightType = GgmlType.F16 });
        var folder = Path.Combine(dir.Path, "tiny-genai");
        var convert = await CliProcess.RunAsync(dir.Path, "convert", gguf, "--to", "onnx", "--out", folder);
        Assert.True(convert.ExitCode == 0, convert.Stdout + convert.Stderr);
        Assert.Contains("weights from F16 as F32", convert.Stdout);
        foreach (var file in new[] { "model.onnx", "genai_config.json", "tokenizer.json",
            "tokenizer_config.json" }) Assert.True(File.Exists(Path.Combine(folder, file)), file);

        const string options = "template=raw,system=none,max_tokens=24,ctx=512";
        async Task<JsonNode> Generate(string system)
        {
            var run = await CliProcess.RunAsync(dir.Path, "generate", "--system", $"{system},{options}", "--prompt", "the osc~ and the dac~", "--format",
                "json");
            Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
            return JsonNode.Parse(run.Stdout)!;
        }
        var onnx = await Generate($"onnx:{folder}");
        var llama = await Generate($"llamacpp:{gguf}");
        Assert.False(string.IsNullOrEmpty(onnx["output"]!.GetValue<string>()));
        Assert.Equal(llama["output"]!.GetValue<string>(), onnx["output"]!.GetValue<string>());
    }

    [Fact]
    public async Task Convert_refuses_bad_input_in_one_line_with_exit_code_2()
    {
        using var dir = new TempDir();
        var missing = await CliProcess.RunAsync(dir.Path, "convert", "no-such.gguf", "--to", "onnx", "--out", "x");
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal("patchbench: no-such.gguf: model file not found", LastLine(missing.Stderr));

        var gguf = Path.Combine(dir.Path, "cut.gguf");
        TinyLlamaModelBuilder.Write(gguf);
        var bytes = File.ReadAllBytes(gguf);
        File.WriteAllBytes(gguf, bytes[..(bytes.Length / 2)]);
        var truncated = await CliProcess.RunAsync(dir.Path, "convert", gguf, "--to", "onnx", "--out", Path.Combine(dir.Path, "out"));
        Assert.Equal(2, truncated.ExitCode);
        Assert.Single(truncated.Stderr.Trim().Split('\n'));
        Assert.Contains(gguf, truncated.Stderr);
        Assert.DoesNotContain("   at ", truncated.Stderr);

        var unknown = await CliProcess.RunAsync(dir.Path, "convert", gguf, "--to", "onnx", "--out", "x", "--quantize", "q4");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("--quantize", unknown.Stderr);
        var otherTarget = await CliProcess.RunAsync(dir.Path, "convert", gguf, "--to", "tflite", "--out", "x");
        Assert.Equal(2, otherTarget.ExitCode);
    }

    private static string LastLine(string text) => text.Trim().Split('\n')[^1].Trim();
}
