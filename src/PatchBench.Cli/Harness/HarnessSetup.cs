using PatchBench.Execution;
using PatchBench.Execution.Checks;
using PatchBench.Generation;
using PatchBench.Harness.Records;
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
    /// <summary>Loads suite folders; the items it returns carry their checks, so it holds no state.</summary>
    public static IBenchSuiteLoader SuiteLoader { get; } = new SuiteBenchLoader();

    /// <summary>
    /// Every scorer applied to every sample, in order. <c>exec</c> and <c>functional</c> run Pd in the sandbox; where
    /// bubblewrap cannot run they are left out with a warning (never run unconfined implicitly).
    /// </summary>
    public static IReadOnlyList<ISampleScorer> Scorers()
    {
        // One catalog per profile for the whole run: Gem and cyclone items are linted and compared with their library's classes.
        var catalogs = new ProfileCatalogs();
        PdExecutor executor;
        try { executor = PdExecutor.Create(); }
        catch (SandboxUnavailableException ex)
        {
            Console.Error.WriteLine($"warning: exec and functional scorers disabled: {ex.Message}");
            return [new ParseScorer(), new LintScorer(catalogs), new SimilarityScorer(catalogs)];
        }
        var runner = new ExecutorRunner(executor, CpuTopology.PhysicalCores());
        return [new ParseScorer(), new LintScorer(catalogs), new SimilarityScorer(catalogs),
                new ExecScorer(runner), new FunctionalScorer(new FunctionalChecker(runner))];
    }

    /// <summary>Every backend of the spec language: the harness's built-ins and the generation backends, for one command.</summary>
    public static SystemRegistry Systems() => new([.. BuiltInSystems.Backends, .. GenerationBackends.All()]);

    /// <summary>What backends may use while building systems for a run over <paramref name="suite"/>.</summary>
    public static SystemContext Context(BenchSuite suite) => new(suite, SuiteLoader);
}
