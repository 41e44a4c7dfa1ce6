using System.Text.Json;
using PatchBench.Generation.Extraction;
using PatchBench.Generation.Systems;
using PatchBench.Harness.Systems;
using PatchBench.Harness.Runs;

namespace PatchBench.Generation.Replay;

/// <summary>
/// Scores outputs generated elsewhere (a Colab notebook, another harness) as if generated here: reads a JSONL file
/// of <c>{"item_id": …, "output": …}</c> lines (<c>"text"</c> or <c>"completion"</c> also name the output;
/// <c>"sample_index"</c> defaults to 0) and extracts the patch from each output as for a model.
/// </summary>
public sealed class ReplaySystem : ISystemUnderTest
{
    private readonly Dictionary<(string Item, int Sample), string> _outputs;

    private ReplaySystem(SystemSpec spec, string path, Dictionary<(string, int), string> outputs)
    {
        Spec = spec;
        Path = path;
        _outputs = outputs;
    }

    /// <inheritdoc />
    public SystemSpec Spec { get; }

    /// <summary>The replayed file.</summary>
    public string Path { get; }

    /// <summary>Outputs read.</summary>
    public int Count => _outputs.Count;

    /// <summary>
    /// Reads <paramref name="path"/>; every problem (malformed line, missing field, duplicate sample, item id not in
    /// <paramref name="suite"/>) is reported with its line number.
    /// </summary>
    public static ReplaySystem Load(SystemSpec spec, string path, BenchSuite suite)
    {
        if (!File.Exists(path)) throw new HarnessInputException($"system spec '{spec}': replay file '{path}' not found");
        var ids = suite.Items.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var outputs = new Dictionary<(string, int), string>();
        var lineOf = new Dictionary<(string, int), int>();
        var problems = new List<string>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var where = $"{path}:{number}";
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object) { problems.Add(
                    $"{where}: expected a JSON object, got {root.ValueKind.ToString().ToLowerInvariant()}"); continue; }
                if (!root.TryGetProperty("item_id", out var idElement) || idElement.ValueKind != JsonValueKind.String)
                {
                    problems.Add($"{where}: missing \"item_id\" (a string)");
                    continue;
                }
                var id = idElement.GetString()!;
                string? output = null;
                foreach (var name in new[] { "output", "text", "completion" })
                {
                    if (!root.TryGetProperty(name, out var o)) continue;
                    if (o.ValueKind != JsonValueKind.String) { problems.Add($"{where}: \"{name}\" must be a string"); output = null; break; }
                    output = o.GetString();
                    break;
                }
                if (output is null)
                {
                    if (!problems.LastOrDefault("").StartsWith(where + ":",
                        StringComparison.Ordinal)) problems.Add($"{where}: missing \"output\" (or \"text\" / \"completion\"), the generated text");
                    continue;
                }
                var sample = 0;
                if (root.TryGetProperty("sample_index", out var s) && (s.ValueKind != JsonValueKind.Number || !s.TryGetInt32(out sample) || sample < 0))
                {
                    problems.Add($"{where}: \"sample_index\" must be a non-negative integer");
                    continue;
                }
                if (!ids.Contains(id)) { problems.Add($"{where}: item '{id}' is not in suite '{suite.Name}'"); continue; }
                if (lineOf.TryGetValue((id, sample), out var first)) { problems.Add(
                    $"{where}: item '{id}' sample {sample} was already given on line {first}"); continue; }
                lineOf[(id, sample)] = number;
                outputs[(id, sample)] = output;
            }
            catch (JsonException e)
            {
                problems.Add($"{where}: not valid JSON ({e.Message.Split(" Path:")[0].Split(" LineNumber:")[0]})");
            }
        }
        if (problems.Count > 0)
        {
            var shown = problems.Take(10).ToList();
            if (problems.Count > shown.Count) shown.Add($"… and {problems.Count - shown.Count} more");
            throw new HarnessInputException($"replay file has {problems.Count} problem(s):\n  " + string.Join("\n  ", shown));
        }
        if (outputs.Count == 0) throw new HarnessInputException($"{path}: no outputs (expected JSONL lines of {{\"item_id\": …, \"output\": …}})");
        return new ReplaySystem(spec, path, outputs);
    }

    /// <inheritdoc />
    public Task<SystemOutput> GenerateAsync(BenchItem item, int sampleIndex, CancellationToken cancellationToken)
    {
        if (!_outputs.TryGetValue((item.Id, sampleIndex), out var text))
            throw new InvalidOperationException($"replay: {Path} has no output for item '{item.Id}' sample {sampleIndex}");
        var extracted = PatchExtractor.Extract(text);
        return Task.FromResult(new SystemOutput(text, extracted.Patch, Extraction: GeneratorSystem.ExtractionName(extracted.Status)));
    }
}
