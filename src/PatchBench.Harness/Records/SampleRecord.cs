using System.Text.Json.Nodes;

namespace PatchBench.Harness.Records;

/// <summary>
/// One line of <c>samples.jsonl</c>: everything known about one sample of one item, written once it is complete.
/// Field names are snake_case on disk.
/// </summary>
public sealed record SampleRecord
{
    /// <summary>The suite item's id.</summary>
    public required string ItemId { get; init; }
    /// <summary>0-based sample number for this item.</summary>
    public required int SampleIndex { get; init; }
    /// <summary>The item's category (copied so reports need only the run folder).</summary>
    public string Category { get; init; } = "";
    /// <summary>The item's difficulty (copied for the same reason).</summary>
    public string Difficulty { get; init; } = "";
    /// <summary>SHA-256 (hex) of <see cref="Prompt"/>.</summary>
    public string PromptHash { get; init; } = "";
    /// <summary>The exact prompt sent to the system.</summary>
    public string Prompt { get; init; } = "";
    /// <summary>The raw output.</summary>
    public string Output { get; init; } = "";
    /// <summary>The patch extracted from the output (what was scored).</summary>
    public string Patch { get; init; } = "";
    /// <summary>False for a <c>--generate-only</c> record that still awaits <c>patchbench score</c>.</summary>
    public bool Scored { get; init; }
    /// <summary>Metric name → value (pass/fail metrics are 1 or 0).</summary>
    public Dictionary<string, double> Scores { get; init; } = [];
    /// <summary>Scorer name → that scorer's details (diagnostics, matched pairs, events, check outcomes).</summary>
    public Dictionary<string, JsonObject> ScoreDetails { get; init; } = [];
    /// <summary>Token counts when the backend reports them.</summary>
    public TokenCounts? Tokens { get; init; }
    /// <summary>Timings of generation and scoring.</summary>
    public SampleTimings Timings { get; init; } = new();
    /// <summary>What went wrong (generation or a scorer), or null.</summary>
    public string? Error { get; init; }
    /// <summary>Why generation ended (stop | length | stop_string), when a model generated the output.</summary>
    public string? FinishReason { get; init; }
    /// <summary>How the patch was extracted from the output (complete | truncated | not_found), when it was.</summary>
    public string? Extraction { get; init; }
}
