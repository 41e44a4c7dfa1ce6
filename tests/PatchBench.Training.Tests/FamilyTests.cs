using System.Text.Json;
using System.Text.Json.Nodes;
using PatchBench.Training.Family;
using PatchBench.Training.Model;

namespace PatchBench.Training.Tests;

/// <summary>The whole family path on the real data: suites/fewshot + Debian's puredata-doc, checked against suites/core.</summary>
[Trait("Category", "Integration")]
public class FamilyTests
{
    private static FamilyPaths Paths(string root, IReadOnlyList<string>? patches = null) => new("fam", TestPaths.Suite("fewshot"), patches ?? [TestPaths.PdDoc],
        TestPaths.Suite("core"), Path.Combine(root, "models"), Path.Combine(root, "results"));

    [Fact]
    public void The_real_training_set_is_clean_against_suites_core_after_dropping_the_doc_patch_that_copies_a_reference()
    {
        var root = TestPaths.Temp("family");
        var paths = Paths(root);
        var notes = new List<string>();
        var report = FamilyTraining.Run(paths, TrainerTests.Tiny(4), threads: 2, note: notes.Add);

        var md = File.ReadAllText(Path.Combine(paths.ReportDirectory, "contamination.md"));
        Assert.Contains("**Clean: no item flagged.**", md);
        Assert.Contains("fft~-help.pd", md); // named as dropped: it holds suites/core's seconds-to-samples reference verbatim
        Assert.Equal(md, File.ReadAllText(Path.Combine(paths.FamilyDirectory, "contamination.md")));
        var trainingSet = File.ReadAllLines(report.Corpus.TrainingSet);
        Assert.Equal(report.Corpus.Documents, trainingSet.Length);
        Assert.DoesNotContain(trainingSet, l => l.Contains("fft~-help.pd", StringComparison.Ordinal));
        Assert.DoesNotContain(trainingSet, l => l.Contains("suites/core", StringComparison.Ordinal));
        Assert.True(report.Corpus.PromptDocuments > 0 && report.Corpus.Documents > report.Corpus.PromptDocuments);
        Assert.Contains(notes, n => n.StartsWith("contamination: core", StringComparison.Ordinal) && n.Contains(" 0 flagged", StringComparison.Ordinal));

        // training.json: the format the site reads.
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(paths.ReportDirectory, "training.json")))!;
        Assert.Equal("fam", (string?)json["family"]);
        Assert.Equal(4, (int)json["steps"]!);
        Assert.True((double)json["tokens_per_s"]! > 0 && (double)json["wall_s"]! > 0);
        Assert.Equal(64, (int)json["settings"]!["context"]!);
        var checkpoints = json["checkpoints"]!.AsArray();
        Assert.Equal(["fam-step0002", "fam-step0004"], checkpoints.Select(c => (string)c!["name"]!));
        foreach (var c in checkpoints)
        {
            Assert.True(File.Exists((string)c!["gguf"]!));
            Assert.True(File.Exists(Path.Combine((string)c["onnx"]!, "genai_config.json")));
            Assert.EndsWith((string)c["name"]!, (string)c["onnx"]!);
            Assert.Equal((int)c["step"]! * 2 * 64, (long)c["tokens"]!);
        }
        Assert.Equal([1, 2, 3, 4], json["loss_curve"]!.AsArray().Select(p => (int)p!["step"]!));
        Assert.EndsWith("contamination.md", (string)json["contamination"]!);

        // Same data, code and settings: the family is found, nothing is trained again.
        var steps = 0;
        var again = FamilyTraining.Run(paths, TrainerTests.Tiny(4), threads: 2, onStep: _ => steps++);
        Assert.Equal(0, steps);
        Assert.Equal(JsonSerializer.Serialize(report), JsonSerializer.Serialize(again));
        // Other settings: another key, the old checkpoints go.
        FamilyTraining.Run(paths, TrainerTests.Tiny(4) with { Seed = 3 }, threads: 2, onStep: _ => steps++);
        Assert.Equal(4, steps);
    }

    [Fact]
    public void A_held_out_item_copied_into_the_patches_is_dropped_and_named_and_never_trained_on()
    {
        var root = TestPaths.Temp("leak");
        var patches = Directory.CreateDirectory(Path.Combine(root, "patches")).FullName;
        var core = Directory.GetFiles(TestPaths.Suite("core"), "*.pd", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        File.Copy(core, Path.Combine(patches, "copied.pd"));
        File.Copy(Path.Combine(TestPaths.PdDoc, "5.reference", "osc~-help.pd"), Path.Combine(patches, "osc~-help.pd"));
        var report = FamilyTraining.Run(Paths(root, [patches]), TrainerTests.Tiny(2), threads: 2);
        var md = File.ReadAllText(report.Contamination);
        Assert.Contains("copied.pd", md);
        Assert.Contains("**Clean: no item flagged.**", md);
        Assert.DoesNotContain(File.ReadAllLines(report.Corpus.TrainingSet), l => l.Contains("copied.pd", StringComparison.Ordinal));
    }
}
