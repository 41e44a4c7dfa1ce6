using System.Text.Json.Nodes;
using PatchBench.Harness.Runs;
using PatchBench.Pd;

namespace PatchBench.Harness.Scoring;

/// <summary>
/// A cheap structural scorer over <see cref="PdParser"/>: <c>parse_ok</c> (the patch parses without errors) and
/// <c>box_count_match</c> (the root canvas has as many boxes as the reference's). Useful as a sanity check and in tests.
/// </summary>
public sealed class ParseScorer : ISampleScorer
{
    /// <inheritdoc />
    public string Name => "parse";

    /// <inheritdoc />
    public IReadOnlyList<MetricDefinition> Metrics { get; } =
    [
        new("parse_ok", MetricKind.Pass, true, "patch parses without errors"),
        new("box_count_match", MetricKind.Pass, true, "root canvas has as many boxes as the reference"),
        new("box_count_ratio", MetricKind.Mean, true, "min(boxes, reference boxes) / max(boxes, reference boxes)"),
    ];

    /// <inheritdoc />
    public Task<ScoreResult> ScoreAsync(BenchItem item, string patch, CancellationToken cancellationToken)
    {
        var parsed = PdParser.Parse(patch);
        var reference = PdParser.Parse(item.ReferencePatch);
        var ok = patch.Length > 0 && !parsed.HasErrors;
        var boxes = ok ? parsed.Root.Boxes.Count : 0;
        var refBoxes = reference.Root.Boxes.Count;
        var ratio = Math.Max(boxes, refBoxes) == 0 ? 1.0 : (double)Math.Min(boxes, refBoxes) / Math.Max(boxes, refBoxes);
        var diagnostics = new JsonArray(parsed.Diagnostics.Take(20)
            .Select(d => (JsonNode)new JsonObject { ["line"] = d.Line, ["code"] = d.Code, ["message"] = d.Message }).ToArray());
        var metrics = new Dictionary<string, double>
        {
            ["parse_ok"] = ok ? 1 : 0,
            ["box_count_match"] = ok && boxes == refBoxes ? 1 : 0,
            ["box_count_ratio"] = ratio,
        };
        var details = new JsonObject { ["boxes"] = boxes, ["reference_boxes"] = refBoxes, ["diagnostics"] = diagnostics };
        return Task.FromResult(new ScoreResult(metrics, details));
    }
}
