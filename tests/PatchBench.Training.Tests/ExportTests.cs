using System.Text.Json.Nodes;
using PatchBench.Harness.Suites;
using PatchBench.Training.Data;
using PatchBench.Training.Export;
using PatchBench.Training.Model;

namespace PatchBench.Training.Tests;

/// <summary>
/// A small model trained on the few-shot pool, exported once to GGUF and to a GenAI folder, with TorchSharp's own greedy
/// continuations of a few suites/core prompts recorded while the model was live.
/// </summary>
public sealed class ExportedModel
{
    public const int MaxTokens = 40;

    public string Gguf { get; }
    public string Onnx { get; }
    public IReadOnlyList<(string Request, string Text)> TorchGreedy { get; }

    public ExportedModel()
    {
        var folder = TestPaths.Temp("export");
        var s = TrainSettings.Default with
        {
            Shape = new DecoderShape(ByteVocabulary.Size, Hidden: 64, Layers: 2, Heads: 2, FeedForward: 128, Context: 256),
            Steps = 48, Batch = 4, CheckpointFractions = [1.0], SaveEvery = 48,
        };
        var requests = SuiteLoader.Load(TestPaths.Suite("core")).Suite!.Items.OrderBy(i => i.Id, StringComparer.Ordinal).Take(3).Select(i => i.Prompt)
            .ToArray();
        (Gguf, Onnx) = (Path.Combine(folder, "exp-step0048.gguf"), Path.Combine(folder, "onnx", "exp-step0048"));
        var greedy = new List<(string, string)>();
        Trainer.Run(TrainerTests.FewShotCorpus(), s, Path.Combine(folder, ".state"), threads: 2, null, c =>
        {
            GgufExport.Write(Gguf, "exp-step0048", s.Shape, c.Model.GgufTensors(), c.Step);
            GenAiExport.Write(Gguf, Onnx);
            foreach (var r in requests)
            {
                var prompt = ByteVocabulary.Encode(TrainingCorpus.RenderPrompt(r)).Prepend(ByteVocabulary.Bos).ToArray();
                greedy.Add((r, ByteVocabulary.Decode(c.Model.Greedy(prompt, MaxTokens, ByteVocabulary.Eos))));
            }
        });
        TorchGreedy = greedy;
    }
}

/// <summary>The exports load in the project's backends and compute what TorchSharp computes.</summary>
[Trait("Category", "Integration")]
public class ExportTests(ExportedModel model) : IClassFixture<ExportedModel>
{
    // What the harness prints for one prompt through a system, via the real CLI (`generate --format json`).
    private static async Task<JsonNode> Generate(string spec, string request)
    {
        var (code, stdout, stderr) = await TestPaths.RunCliAsync("generate", "--system",
            $"{spec},{TrainingCorpus.SpecOptions},max_tokens={ExportedModel.MaxTokens}",
            "--prompt", request, "--format", "json");
        Assert.True(code == 0, $"generate {spec} exited {code}: {stderr}");
        return JsonNode.Parse(stdout)!;
    }

    // The raw template's stop string ends the harness's output; cut TorchSharp's text the same way.
    private static string UntilStop(string text) => text.IndexOf("\nPrompt:", StringComparison.Ordinal) is var i and >= 0 ? text[..i] : text;

    [Fact]
    public async Task The_gguf_under_llamacpp_gives_torchsharps_greedy_output_on_suites_core_prompts()
    {
        Assert.Contains(model.TorchGreedy, g => g.Text.Trim().Length > 0);
        foreach (var (request, text) in model.TorchGreedy)
        {
            var json = await Generate($"llamacpp:{model.Gguf}", request);
            Assert.Equal(TrainingCorpus.RenderPrompt(request), (string?)json["prompt"]);
            Assert.Equal(UntilStop(text), (string?)json["output"]);
        }
    }

    [Fact]
    public async Task The_genai_folder_under_onnx_gives_the_same_greedy_output()
    {
        foreach (var (request, text) in model.TorchGreedy)
        {
            var json = await Generate($"onnx:{model.Onnx}", request);
            Assert.Equal(UntilStop(text), (string?)json["output"]);
        }
    }
}
