using PatchBench.Harness.Runs;
using PatchBench.Harness.Scoring;
using PatchBench.Harness.Systems;

namespace PatchBench.Cli.Harness;

/// <summary>
/// What the run commands plug together: the suite loader, the scorers and the system factories. Scorers and backends
/// from the other projects (lint, similarity, execution, generation adapters) are added here.
/// </summary>
public static class HarnessSetup
{
    /// <summary>Loads suite folders.</summary>
    public static IBenchSuiteLoader SuiteLoader { get; } = new SuiteBenchLoader();

    /// <summary>Every scorer applied to every sample, in order.</summary>
    public static IReadOnlyList<ISampleScorer> Scorers() => [new ParseScorer()];

    /// <summary>Resolves system specs: built-ins first, then generation backends.</summary>
    public static SystemResolver Systems() => new([new BuiltInSystems()]);
}
