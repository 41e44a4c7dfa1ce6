namespace PatchBench.Harness.Compare;

/// <summary>Placeholder replaced below.</summary>
public sealed record ComparisonReport;
/// <summary>Placeholder replaced below.</summary>
public sealed record GateReport;
