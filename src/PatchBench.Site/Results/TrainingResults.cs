using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatchBench.Site.Results;

/// <summary>One checkpoint of a trained family, as <c>training.json</c> lists it.</summary>
/// <param name="Name">Checkpoint name (e.g. <c>tiny-pd-step2000</c>).</param>
/// <param name="Step">Optimiser step it was saved at.</param>
/// <param name="Tokens">Training tokens seen by then.</param>
/// <param name="Loss">Training loss at that step.</param>
/// <param name="Gguf">Path of its GGUF file, or null.</param>
/// <param name="Onnx">Path of its ONNX Runtime GenAI folder, or null.</param>
public sealed record TrainingCheckpoint(string Name, long Step, long Tokens, double Loss, string? Gguf, string? Onnx);

/// <summary>One point of the loss curve.</summary>
public sealed record LossPoint(long Step, long Tokens, double Loss);

/// <summary>
/// A checkpoint family trained by <c>patchbench train</c>: <c>results/training/&lt;family&gt;/training.json</c> and, when the
/// trainer checked its data against the held-out suites, the <c>contamination.md</c> beside it.
/// </summary>
/// <param name="Family">Family name.</param>
/// <param name="Settings">Training settings as written (key → JSON text of the value, strings unquoted), in key order, then
/// the training data's (<c>corpus</c>, as <c>corpus.documents</c> …) and the load average training started under.</param>
/// <param name="TokensPerSecond">Training throughput.</param>
/// <param name="WallSeconds">Wall time of the whole training.</param>
/// <param name="Steps">Optimiser steps.</param>
/// <param name="Checkpoints">Checkpoints, by step.</param>
/// <param name="LossCurve">Loss per logged step, by step.</param>
/// <param name="ContaminationMarkdown">contamination.md, or null.</param>
public sealed record TrainingFamily(string Family, IReadOnlyList<KeyValuePair<string, string>> Settings, double TokensPerSecond, double WallSeconds, long Steps,
    IReadOnlyList<TrainingCheckpoint> Checkpoints, IReadOnlyList<LossPoint> LossCurve, string? ContaminationMarkdown);

/// <summary>One Markdown summary <c>patchbench gate</c> wrote (<c>results/gate/&lt;name&gt;.md</c>).</summary>
public sealed record GateSummary(string Name, string Markdown);

/// <summary>Reads <c>results/training/*/training.json</c> and <c>results/gate/*.md</c>; either folder may be absent.</summary>
public static class TrainingResults
{
    /// <summary>Every family with a readable training.json, by family name; unreadable ones become warnings.</summary>
    public static IReadOnlyList<TrainingFamily> LoadFamilies(string resultsDirectory, List<SiteWarning> warnings)
    {
        var root = Path.Combine(resultsDirectory, "training");
        if (!Directory.Exists(root)) return [];
        var families = new List<TrainingFamily>();
        foreach (var dir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var path = Path.Combine(dir, "training.json");
            if (!File.Exists(path)) continue;
            try
            {
                var family = Parse(File.ReadAllText(path), Path.GetFileName(dir));
                var contamination = Path.Combine(dir, "contamination.md");
                families.Add(File.Exists(contamination) ? family with { ContaminationMarkdown = File.ReadAllText(contamination) } : family);
            }
            catch (JsonException e)
            {
                warnings.Add(new SiteWarning(path, (int)(e.LineNumber ?? -1) + 1, $"not valid JSON ({FirstSentence(e.Message)}); family left out"));
            }
            catch (FormatException e)
            {
                warnings.Add(new SiteWarning(path, 0, e.Message + "; family left out"));
            }
        }
        // Two folders may name the same family; the first (by folder name) is shown.
        return families.GroupBy(f => f.Family, StringComparer.Ordinal).Select(g => g.First()).OrderBy(f => f.Family, StringComparer.Ordinal).ToList();
    }

    /// <summary>Every gate summary, by file name.</summary>
    public static IReadOnlyList<GateSummary> LoadGates(string resultsDirectory)
    {
        var root = Path.Combine(resultsDirectory, "gate");
        if (!Directory.Exists(root)) return [];
        return Directory.GetFiles(root, "*.md").Order(StringComparer.Ordinal)
            .Select(f => new GateSummary(Path.GetFileNameWithoutExtension(f), File.ReadAllText(f))).ToList();
    }

    /// <summary>Parses training.json; <paramref name="folderName"/> stands in for a missing family name.</summary>
    /// <exception cref="JsonException">Not JSON.</exception>
    /// <exception cref="FormatException">JSON, but not the shape training.json has (the message names the field).</exception>
    public static TrainingFamily Parse(string json, string folderName)
    {
        var node = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("expected a JSON object {family, settings, checkpoints, loss_curve, …}");
        // Settings, then what the data was and how busy the machine was: together they say what was trained and how fast.
        var settings = Entries(node["settings"], "").Concat(Entries(node["corpus"], "corpus.")).ToList();
        if (node["load_average"] is JsonValue load && load.GetValueKind() == JsonValueKind.Number)
            settings.Add(new("load_average", load.ToJsonString()));
        var checkpoints = Array(node, "checkpoints").Select((c, i) => new TrainingCheckpoint(
                Text(c, "name") ?? throw new FormatException($"checkpoints[{i}]: expected a \"name\""),
                (long)Number(c, "step", $"checkpoints[{i}]"), (long)Number(c, "tokens", $"checkpoints[{i}]", 0),
                    Number(c, "loss", $"checkpoints[{i}]", double.NaN),
                Text(c, "gguf"), Text(c, "onnx")))
            .OrderBy(c => c.Step).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
        var curve = Array(node, "loss_curve").Select((p, i) =>
            new LossPoint((long)Number(p, "step", $"loss_curve[{i}]"), (long)Number(p, "tokens", $"loss_curve[{i}]", 0),
                Number(p, "loss", $"loss_curve[{i}]")))
            .OrderBy(p => p.Step).ToList();
        return new TrainingFamily(Text(node, "family") ?? folderName, settings, Number(node, "tokens_per_s", "training.json", double.NaN),
            Number(node, "wall_s", "training.json", double.NaN), (long)Number(node, "steps", "training.json", curve.Count > 0 ? curve[^1].Step : 0),
                checkpoints, curve, null);
    }

    private static IEnumerable<KeyValuePair<string, string>> Entries(JsonNode? node, string prefix) => node is JsonObject o
        ? o.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new KeyValuePair<string, string>(prefix + kv.Key, kv.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String
                ? v.GetValue<string>() : kv.Value?.ToJsonString() ?? "null"))
        : [];

    private static IEnumerable<JsonObject> Array(JsonObject node, string key) => node[key] switch
    {
        null => [],
        JsonArray a => a.Select((x, i) => x as JsonObject ?? throw new FormatException($"{key}[{i}]: expected an object")),
        _ => throw new FormatException($"\"{key}\": expected an array"),
    };

    private static string? Text(JsonObject o, string key) => o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static double Number(JsonObject o, string key, string where, double? fallback = null)
    {
        if (o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number) return v.GetValue<double>();
        if (o[key] is null && fallback is { } f) return f;
        throw new FormatException($"{where}: expected a number \"{key}\"{(o[key] is null ? "" : ", got " + o[key]!.ToJsonString())}");
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.').ToString(CultureInfo.InvariantCulture);
    }
}
