using PatchBench.Execution;
using PatchBench.Execution.Checks;
using PatchBench.Harness.Runs;
using PatchBench.Harness.Scoring;
using PatchBench.Harness.Systems;
using PatchBench.Pd.Catalog;

namespace PatchBench.Cli.Harness;

/// <summary>
/// What the run commands plug together: the suite loader, the scorers and the system factories. Scorers and backends
/// from the other projects (lint, similarity, execution, generation adapters) are added here.
/// </summary>
public static class HarnessSetup
{
    // Declared first: static initializers run in textual order and SuiteLoader needs it.
    private static readonly SuiteItemCatalog catalog = new();

    /// <summary>Loads suite folders.</summary>
    public static IBenchSuiteLoader SuiteLoader { get; } = new CatalogingSuiteLoader(Catalog);

    /// <summary>The suite items (with checks) of every suite loaded through <see cref="SuiteLoader"/>.</summary>
    public static SuiteItemCatalog Catalog => catalog;

    /// <summary>
    /// Every scorer applied to every sample, in order. <c>exec</c> and <c>functional</c> run Pd in the sandbox; where
    /// bubblewrap cannot run they are left out with a warning (never run unconfined implicitly).
    /// </summary>
    public static IReadOnlyList<ISampleScorer> Scorers()
    {
        PdExecutor executor;
        try { executor = PdExecutor.Create(); }
        catch (SandboxUnavailableException ex)
        {
            Console.Error.WriteLine($"warning: exec and functional scorers disabled: {ex.Message}");
            return [new ParseScorer(), new LintScorer(ObjectCatalog.Vanilla), new SimilarityScorer(ObjectCatalog.Vanilla)];
        }
        var runner = new ExecutorRunner(executor, PdWorkerPool.PhysicalCores());
        return [new ParseScorer(), new LintScorer(ObjectCatalog.Vanilla), new SimilarityScorer(ObjectCatalog.Vanilla),
                new ExecScorer(runner), new FunctionalScorer(new FunctionalChecker(runner), Catalog)];
    }

    /// <summary>Resolves system specs: built-ins first, then generation backends (llamacpp, onnx, openai, retrieval, replay).</summary>
    public static SystemResolver Systems() => new([new BuiltInSystems(), new GenerationSystems(SuiteLoader)]);
}
