using PatchBench.Harness.Scoring;
using PatchBench.Harness.Statistics;

namespace PatchBench.Harness.Records;

/// <summary>The contents of <c>run.json</c>: a run's identity, what it planned, where it ran, and its aggregates.</summary>
public sealed record RunInfo
{
    /// <summary>Format version of run.json.</summary>
    public int FormatVersion { get; init; } = 1;
    /// <summary>Folder name: deterministic from suite, system and plan, so the same command finds the same folder.</summary>
    public required string RunId { get; init; }
    /// <summary>The suite.</summary>
    public required SuiteIdentity Suite { get; init; }
    /// <summary>The system.</summary>
    public required SystemIdentity System { get; init; }
    /// <summary>Which items and samples.</summary>
    public required PlanIdentity Plan { get; init; }
    /// <summary>The harness build.</summary>
    public required HarnessIdentity Harness { get; init; }
    /// <summary>The machine of the latest invocation.</summary>
    public required MachineInfo Machine { get; init; }
    /// <summary>First start (UTC, ISO 8601).</summary>
    public DateTimeOffset StartedAt { get; init; }
    /// <summary>End of the latest invocation.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary><c>running</c>, <c>generated</c> (awaits scoring), <c>incomplete</c> or <c>complete</c>.</summary>
    public string Status { get; init; } = "running";
    /// <summary>Definitions of every metric in the samples.</summary>
    public List<MetricDefinition> Metrics { get; init; } = [];
    /// <summary>Summary statistics, once scored.</summary>
    public RunAggregates? Aggregates { get; init; }
}

/// <summary>Suite name, version and content hash.</summary>
public sealed record SuiteIdentity(string Name, string Version, string Hash)
{
    /// <summary>The suite folder as given on the command line, when known.</summary>
    public string? Source { get; init; }
}

/// <summary>A system's spec, its hash and what it was run with.</summary>
/// <param name="Spec">Canonical spec text.</param>
/// <param name="SpecHash">SHA-256 of the canonical spec.</param>
/// <param name="Backend">Backend name.</param>
/// <param name="ModelFileHash">SHA-256 of the model file (or folder) when the target is on disk.</param>
/// <param name="Template">Prompt template option, when given.</param>
/// <param name="Options">Every option (decoding settings, few-shot count…).</param>
public sealed record SystemIdentity(string Spec, string SpecHash, string Backend, string? ModelFileHash, string? Template, SortedDictionary<string,
    string> Options)
{
    /// <summary>What the system reported about its model when it loaded it (size, quantisation, context…), or null.</summary>
    public ModelFacts? Model { get; init; }
}

/// <summary>The run plan: samples per item, the item selection and the shard.</summary>
/// <param name="Samples">Samples per item.</param>
/// <param name="Limit">Seeded random subset size, or null.</param>
/// <param name="Seed">Seed of the subset and of the bootstrap.</param>
/// <param name="ItemFilter">Explicit item ids given with --items, or null.</param>
/// <param name="Shard">"I/N" or null.</param>
/// <param name="PlanHash">Hash of everything above except the shard: shards of one plan share it.</param>
/// <param name="ItemIds">The items of this run (this shard's), in suite order.</param>
public sealed record PlanIdentity(int Samples, int? Limit, int Seed, List<string>? ItemFilter, string? Shard, string PlanHash, List<string> ItemIds);

/// <summary>Harness version and git commit.</summary>
public sealed record HarnessIdentity(string Version, string? GitCommit);

/// <summary>The machine a run ran on.</summary>
public sealed record MachineInfo
{
    /// <summary>Host name.</summary>
    public string HostName { get; init; } = "";
    /// <summary>OS description.</summary>
    public string Os { get; init; } = "";
    /// <summary>CPU model name from /proc/cpuinfo.</summary>
    public string? CpuModel { get; init; }
    /// <summary>Logical cores available to the process (kept under this name for older readers; see <see cref="LogicalCores"/>).</summary>
    public int Cores { get; init; }
    /// <summary>Logical cores (hardware threads) available to the process.</summary>
    public int? LogicalCores { get; init; }
    /// <summary>Physical cores: what model threads and the Pd worker pool default to.</summary>
    public int? PhysicalCores { get; init; }
    /// <summary>Total memory (bytes).</summary>
    public long? MemoryBytes { get; init; }
    /// <summary>GPU name from nvidia-smi.</summary>
    public string? GpuName { get; init; }
    /// <summary>GPU driver version from nvidia-smi.</summary>
    public string? GpuDriver { get; init; }
    /// <summary>GPU memory (MiB) from nvidia-smi.</summary>
    public long? GpuMemoryMib { get; init; }
}
