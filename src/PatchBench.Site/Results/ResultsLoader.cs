using System.Text.Json;
using System.Text.Json.Nodes;
using PatchBench.Harness.Records;
using PatchBench.Harness.Runs;

namespace PatchBench.Site.Results;

/// <summary>Something in the results folder the site could not use, naming the file (and line when known).</summary>
/// <param name="File">The file, as found under the results folder.</param>
/// <param name="Line">1-based line, or 0 when the problem is the whole file.</param>
/// <param name="Message">What was wrong and what the site did about it.</param>
public sealed record SiteWarning(string File, int Line, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

/// <summary>One run folder as the site uses it: its identity and aggregates, its scored samples, and an optional contamination report.</summary>
/// <param name="Folder">The run folder.</param>
/// <param name="Info">run.json.</param>
/// <param name="Samples">The latest scored record per (item, sample), ordered by item id then sample.</param>
/// <param name="Contamination">results/&lt;run&gt;/contamination.json (the output of <c>patchbench suite contamination --format json</c>), or null.</param>
public sealed record LoadedRun(string Folder, RunInfo Info, IReadOnlyList<SampleRecord> Samples, ContaminationReport? Contamination)
{
    /// <summary>The run's items (prompts and references) from its items.jsonl; empty for runs that predate it.</summary>
    public IReadOnlyList<ItemRecord> Items { get; init; } = [];

    /// <summary>The run id (folder-safe).</summary>
    public string Id => Info.RunId;

    /// <summary>Suite name and version, e.g. <c>core 1.0.0</c>: one leaderboard per suite version.</summary>
    public string SuiteKey => $"{Info.Suite.Name} {Info.Suite.Version}";
}

/// <summary>What a contamination check of the run's suite against its model's training set found.</summary>
/// <param name="TrainingRows">Training rows compared.</param>
/// <param name="Flagged">Items flagged as likely leaks.</param>
/// <param name="Items">Items checked.</param>
public sealed record ContaminationReport(int TrainingRows, int Flagged, int Items);

/// <summary>Everything the site is built from, with the warnings met while reading it.</summary>
/// <param name="Runs">Usable runs, ordered by run id.</param>
/// <param name="Throughput">Rows of every throughput profile, ordered by model, hardware and test.</param>
/// <param name="Warnings">Problems met, in file order.</param>
public sealed record SiteInput(IReadOnlyList<LoadedRun> Runs, IReadOnlyList<LlamaBenchRow> Throughput, IReadOnlyList<SiteWarning> Warnings)
{
    /// <summary>Checkpoint families from <c>results/training/</c>, by name; empty without that folder.</summary>
    public IReadOnlyList<TrainingFamily> Training { get; init; } = [];

    /// <summary>Gate summaries from <c>results/gate/*.md</c>, by file name; empty without that folder.</summary>
    public IReadOnlyList<GateSummary> Gates { get; init; } = [];
}

/// <summary>
/// Reads a results folder: every subfolder with a run.json is a run; <c>throughput/*.json</c> holds throughput profiles.
/// Bad input never stops the build: each problem becomes a <see cref="SiteWarning"/> and the rest is used.
/// </summary>
public static class ResultsLoader
{
    /// <summary>The run.json format versions this site reads.</summary>
    public const int SupportedFormatVersion = 1;

    /// <summary>Loads <paramref name="resultsDirectory"/>; throws only when the folder itself does not exist.</summary>
    public static SiteInput Load(string resultsDirectory)
    {
        if (!Directory.Exists(resultsDirectory)) throw new DirectoryNotFoundException($"{resultsDirectory}: no such results folder");
        var warnings = new List<SiteWarning>();
        var runs = new List<LoadedRun>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in Directory.GetDirectories(resultsDirectory).Order(StringComparer.Ordinal))
        {
            var runJson = Path.Combine(folder, "run.json");
            if (!File.Exists(runJson)) continue;
            var run = LoadRun(folder, warnings);
            if (run is null) continue;
            if (seen.TryGetValue(run.Id, out var first))
            {
                warnings.Add(new SiteWarning(runJson, 0, $"run id '{run.Id}' is also the id of {Path.Combine(first, "run.json")}; this copy is left out"));
                continue;
            }
            seen[run.Id] = folder;
            runs.Add(run);
        }
        var throughput = new List<LlamaBenchRow>();
        var throughputDir = Path.Combine(resultsDirectory, "throughput");
        if (Directory.Exists(throughputDir))
            foreach (var file in Directory.GetFiles(throughputDir, "*.json").Order(StringComparer.Ordinal))
                throughput.AddRange(LoadThroughput(file, warnings));
        runs.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        var orderedThroughput = throughput
            .OrderBy(r => Path.GetFileName(r.ModelFilename), StringComparer.Ordinal)
            .ThenBy(r => r.GpuInfo.Length > 0 ? r.GpuInfo : r.CpuInfo, StringComparer.Ordinal)
            .ThenBy(r => r.NThreads).ThenBy(r => r.NGpuLayers).ThenBy(r => r.NPrompt).ThenBy(r => r.NGen)
            .ThenBy(r => r.TestTime, StringComparer.Ordinal)
            .ToList();
        var training = TrainingResults.LoadFamilies(resultsDirectory, warnings);
        return new SiteInput(runs, orderedThroughput, warnings) { Training = training, Gates = TrainingResults.LoadGates(resultsDirectory) };
    }

    private static LoadedRun? LoadRun(string folder, List<SiteWarning> warnings)
    {
        var runJson = Path.Combine(folder, "run.json");
        RunInfo? info;
        try
        {
            var bytes = File.ReadAllBytes(runJson);
            var node = JsonNode.Parse(bytes);
            var version = node?["format_version"]?.GetValueKind() == JsonValueKind.Number ? node["format_version"]!.GetValue<int>() : (int?)null;
            if (version is null)
            {
                warnings.Add(new SiteWarning(runJson, 0, "no format_version: not a run.json this site reads (expected format_version 1); run left out"));
                return null;
            }
            if (version != SupportedFormatVersion)
            {
                warnings.Add(new SiteWarning(runJson, 0, $"format_version {version} is not supported (this site reads format_version " +
                    $"{SupportedFormatVersion}); run left out"));
                return null;
            }
            info = JsonSerializer.Deserialize(bytes, HarnessJsonContext.Default.RunInfo);
        }
        catch (JsonException ex)
        {
            warnings.Add(new SiteWarning(runJson, (int)(ex.LineNumber ?? -1) + 1, $"not valid run JSON ({ex.Message.Split('\n')[0]}); run left out"));
            return null;
        }
        catch (IOException ex)
        {
            warnings.Add(new SiteWarning(runJson, 0, $"unreadable ({ex.Message}); run left out"));
            return null;
        }
        if (info is null || string.IsNullOrWhiteSpace(info.RunId))
        {
            warnings.Add(new SiteWarning(runJson, 0, "no run_id; run left out"));
            return null;
        }
        if (info.Aggregates is null)
            warnings.Add(new SiteWarning(runJson, 0, $"run '{info.RunId}' has no aggregates yet (status {info.Status}); shown without metrics"));

        var samplesPath = Path.Combine(folder, SamplesFile.FileName);
        IReadOnlyList<SampleRecord> samples;
        try
        {
            var content = SamplesFile.Read(samplesPath);
            if (content.DamagedTail is { } tail)
                warnings.Add(new SiteWarning(samplesPath, tail.Line, $"damaged last line ({tail.Problem}); the records before it are used"));
            samples = SamplesFile.Latest(content.Records)
                .Where(r => r.Scored)
                .OrderBy(r => r.ItemId, StringComparer.Ordinal).ThenBy(r => r.SampleIndex)
                .ToList();
        }
        catch (HarnessInputException ex)
        {
            warnings.Add(new SiteWarning(samplesPath, 0, $"{ex.Message}; shown without samples"));
            samples = [];
        }
        catch (IOException ex)
        {
            warnings.Add(new SiteWarning(samplesPath, 0, $"unreadable ({ex.Message}); shown without samples"));
            samples = [];
        }
        IReadOnlyList<ItemRecord> items;
        try { items = new RunFolder(folder).ReadItems(); }
        catch (Exception ex) when (ex is HarnessInputException or IOException)
        {
            warnings.Add(new SiteWarning(Path.Combine(folder, RunFolder.ItemsFileName), 0, $"{ex.Message}; item prompts and references not shown"));
            items = [];
        }
        return new LoadedRun(folder, info, samples, LoadContamination(folder, warnings)) { Items = items };
    }

    private static ContaminationReport? LoadContamination(string folder, List<SiteWarning> warnings)
    {
        var path = Path.Combine(folder, "contamination.json");
        if (!File.Exists(path)) return null;
        try
        {
            var node = JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject;
            if (node?["items"] is not JsonArray items || node["flagged"] is null)
            {
                warnings.Add(new SiteWarning(path, 0, "expected the JSON of 'patchbench suite contamination --format json' (items, flagged); ignored"));
                return null;
            }
            return new ContaminationReport(node["training_rows"]?.GetValue<int>() ?? 0, node["flagged"]!.GetValue<int>(), items.Count);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or IOException)
        {
            warnings.Add(new SiteWarning(path, 0, $"not a contamination report ({ex.Message.Split('\n')[0]}); ignored"));
            return null;
        }
    }

    private static IEnumerable<LlamaBenchRow> LoadThroughput(string file, List<SiteWarning> warnings)
    {
        try
        {
            var rows = JsonSerializer.Deserialize(File.ReadAllBytes(file), LlamaBenchJson.Default.ListLlamaBenchRow);
            if (rows is null) { warnings.Add(new SiteWarning(file, 0, "expected a JSON array of throughput rows; ignored")); return []; }
            return rows.Where(r => r.NPrompt > 0 || r.NGen > 0);
        }
        catch (JsonException ex)
        {
            warnings.Add(new SiteWarning(file, (int)(ex.LineNumber ?? -1) + 1, $"not a throughput profile ({ex.Message.Split('\n')[0]}); ignored"));
            return [];
        }
        catch (IOException ex)
        {
            warnings.Add(new SiteWarning(file, 0, $"unreadable ({ex.Message}); ignored"));
            return [];
        }
    }
}
