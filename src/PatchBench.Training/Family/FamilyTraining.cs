using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PatchBench.Harness.Suites;
using PatchBench.Training.Data;
using PatchBench.Training.Export;
using PatchBench.Training.Model;

namespace PatchBench.Training.Family;

/// <summary>Where a family's inputs and outputs live.</summary>
/// <param name="Family">Family name: the stem before <c>-step&lt;N&gt;</c>.</param>
/// <param name="FewShotSuite">The few-shot pool (trained on).</param>
/// <param name="PatchFolders">Folders of plain Pd patches (trained on; Debian's puredata-doc).</param>
/// <param name="HeldOutSuite">The evaluation suite, checked for overlap and never trained on.</param>
/// <param name="ModelsDirectory">Where checkpoints go (models/&lt;family&gt;/).</param>
/// <param name="ResultsDirectory">Where training.json and contamination.md go (results/training/&lt;family&gt;/).</param>
public sealed record FamilyPaths(string Family, string FewShotSuite, IReadOnlyList<string> PatchFolders, string HeldOutSuite, string ModelsDirectory,
    string ResultsDirectory)
{
    /// <summary>models/&lt;family&gt;/.</summary>
    public string FamilyDirectory => Path.Combine(ModelsDirectory, Family);

    /// <summary>results/training/&lt;family&gt;/.</summary>
    public string ReportDirectory => Path.Combine(ResultsDirectory, "training", Family);

    /// <summary>The checkpoint's file stem, e.g. pdtiny-step0512.</summary>
    public string Stem(int step) => $"{Family}-step{step:D4}";

    /// <summary>The checkpoint's GGUF.</summary>
    public string Gguf(int step) => Path.Combine(FamilyDirectory, Stem(step) + ".gguf");

    /// <summary>The checkpoint's GenAI folder (its own name ends in -step&lt;N&gt; too).</summary>
    public string Onnx(int step) => Path.Combine(FamilyDirectory, "onnx", Stem(step));
}

/// <summary>The contamination check failed: some held-out item overlaps the training set.</summary>
public sealed class ContaminationException(string message) : Exception(message);

/// <summary>
/// Trains a checkpoint family end to end: the exact training set, the contamination check of the held-out suite
/// against it (refusing to train when anything is flagged), training with resume points, each checkpoint exported to
/// GGUF and to a GenAI folder, and the report. The family is cached under a key hashing data, code and settings: a
/// second call with the same key finds every checkpoint and returns at once.
/// </summary>
public static class FamilyTraining
{
    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Trains (or finds cached) the family; returns its report.</summary>
    public static FamilyReport Run(FamilyPaths paths, TrainSettings settings, int threads, Action<StepProgress>? onStep = null,
        Action<string>? note = null, CancellationToken cancel = default)
    {
        settings.Validated();
        var fewShot = LoadSuite(paths.FewShotSuite);
        var heldOut = LoadSuite(paths.HeldOutSuite);
        var corpus = TrainingCorpus.Build(fewShot, paths.PatchFolders, settings.PromptRepeats, settings.NumberVariants, settings.MaxPatchBytes);
        var key = Key(corpus, settings, heldOut.ContentHash);
        Directory.CreateDirectory(paths.FamilyDirectory);
        Directory.CreateDirectory(paths.ReportDirectory);
        var keyFile = Path.Combine(paths.FamilyDirectory, "key.txt");
        var reportFile = Path.Combine(paths.ReportDirectory, "training.json");
        var steps = settings.CheckpointSteps;
        if (File.Exists(keyFile) && File.ReadAllText(keyFile).Trim() == key && File.Exists(reportFile) && steps.All(s => Exported(paths, s)))
        {
            note?.Invoke($"family '{paths.Family}' is up to date (key {key[..12]}): {steps.Count} checkpoints in {paths.FamilyDirectory}");
            return JsonSerializer.Deserialize<FamilyReport>(File.ReadAllText(reportFile))!;
        }
        if (!File.Exists(keyFile) || File.ReadAllText(keyFile).Trim() != key) Clear(paths);
        File.WriteAllText(keyFile, key + "\n");

        var trainingSet = Path.Combine(paths.FamilyDirectory, "training-set.jsonl");
        File.WriteAllText(trainingSet, corpus.ToJsonLines());
        var contamination = ContaminationReport.Check(heldOut, trainingSet);
        if (contamination.Flagged > 0 && contamination.LeakingRows.Count > 0)
        {
            // A Debian documentation patch can be an exact copy of a held-out reference: drop the documents a flagged item
            // matched, say so in the report, and check the reduced set again (which must then be clean).
            var dropped = contamination.LeakingRows.Select(i => corpus.Documents[i]).ToHashSet();
            corpus = corpus with { Documents = corpus.Documents.Where(d => !dropped.Contains(d)).ToArray() };
            File.WriteAllText(trainingSet, corpus.ToJsonLines());
            contamination = ContaminationReport.Check(heldOut, trainingSet, ContaminationReport.Dropped(dropped.Select(d => d.Source)));
            foreach (var d in dropped) note?.Invoke($"dropped from the training set (overlaps {paths.HeldOutSuite}): {d.Source}");
        }
        File.WriteAllText(Path.Combine(paths.FamilyDirectory, "contamination.md"), contamination.Markdown);
        File.WriteAllText(Path.Combine(paths.ReportDirectory, "contamination.md"), contamination.Markdown);
        if (contamination.Flagged > 0)
            throw new ContaminationException($"{paths.HeldOutSuite}: {contamination.Flagged} item(s) overlap the training set {trainingSet}; see " +
                $"{Path.Combine(paths.ReportDirectory, "contamination.md")}");
        note?.Invoke(contamination.Summary);

        var load = LoadAverage();
        var state = Path.Combine(paths.FamilyDirectory, ".state", key[..16]);
        if (Trainer.LatestResumePoint(state) is { } resume)
            note?.Invoke($"resuming from step {int.Parse(Path.GetFileName(resume)["step-".Length..], CultureInfo.InvariantCulture)} ({resume})");
        var outcome = Trainer.Run(corpus, settings, state, threads, onStep,
            c =>
            {
                GgufExport.Write(paths.Gguf(c.Step), paths.Stem(c.Step), settings.Shape, c.Model.GgufTensors(), c.Step);
                GenAiExport.Write(paths.Gguf(c.Step), paths.Onnx(c.Step));
                note?.Invoke(string.Create(CultureInfo.InvariantCulture, $"checkpoint {paths.Stem(c.Step)}: loss {c.Loss:0.000} after {c.Tokens:N0} tokens"));
            },
            s => Exported(paths, s), cancel);

        var windows = new TokenWindows(corpus, settings.Shape.Context, 1, 0, settings.Seed);
        var checkpoints = steps.Select(s =>
        {
            var previous = steps.Where(c => c < s).DefaultIfEmpty(0).Max();
            var loss = outcome.Curve.Where(p => p.Step > previous && p.Step <= s).Average(p => p.Loss);
            return new CheckpointEntry(paths.Stem(s), s, (long)s * settings.Batch * settings.Shape.Context, Math.Round(loss, 4), paths.Gguf(s), paths.Onnx(s));
        }).ToArray();
        var report = new FamilyReport(
            paths.Family, key, SettingsEntry.From(settings, threads),
            new CorpusEntry(corpus.Documents.Count, corpus.Documents.Count(d => d.Prompt.Length > 0 && !d.Variant), windows.EpochTokens, corpus.Hash(),
                trainingSet)
            {
                VariantDocuments = corpus.Documents.Count(d => d.Variant),
                PatchDocuments = corpus.Documents.Count(d => d.Prompt.Length == 0),
            },
            Math.Round(outcome.TokensPerSecond, 1), Math.Round(outcome.TrainingSeconds, 3), settings.Steps, checkpoints,
            outcome.Curve.Select(p => new CurvePoint(p.Step, p.Tokens, p.Loss)).ToArray(),
            Path.Combine(paths.ReportDirectory, "contamination.md"), load);
        var json = JsonSerializer.Serialize(report, Indented);
        File.WriteAllText(reportFile, json);
        File.WriteAllText(Path.Combine(paths.FamilyDirectory, "training.json"), json);
        return report;
    }

    /// <summary>
    /// The cache key: SHA-256 of the exact training text, the settings and the training code (this assembly's
    /// module id, which deterministic builds keep fixed for the same source), and the held-out suite whose overlaps are dropped.
    /// </summary>
    public static string Key(TrainingCorpus corpus, TrainSettings settings, string heldOutHash)
    {
        var text = $"{corpus.Hash()}\n{heldOutHash}\n{JsonSerializer.Serialize(settings)}\n{typeof(FamilyTraining).Assembly.ManifestModule.ModuleVersionId}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static bool Exported(FamilyPaths paths, int step) =>
        File.Exists(paths.Gguf(step)) && File.Exists(Path.Combine(paths.Onnx(step), "genai_config.json"));

    // A different key means different weights: the old checkpoints and resume points must not be mixed with new ones.
    private static void Clear(FamilyPaths paths)
    {
        foreach (var f in Directory.GetFiles(paths.FamilyDirectory, $"{paths.Family}-step*.gguf")) File.Delete(f);
        foreach (var d in new[] { Path.Combine(paths.FamilyDirectory, "onnx"), Path.Combine(paths.FamilyDirectory, ".state") })
            if (Directory.Exists(d)) Directory.Delete(d, recursive: true);
    }

    private static Suite LoadSuite(string directory)
    {
        var loaded = SuiteLoader.Load(directory);
        if (loaded.Suite is null || !loaded.Ok)
            throw new ArgumentException($"{directory}: the suite does not load: {string.Join("; ", loaded.Problems.Take(3).Select(p => p.ToString()))}");
        return loaded.Suite;
    }

    // The 1-minute load average when training started: training speed depends on it, so the report states it.
    private static double? LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
