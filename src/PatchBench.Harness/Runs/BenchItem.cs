using PatchBench.Harness.Suites;

namespace PatchBench.Harness.Runs;

/// <summary>
/// One benchmark item as the harness and its scorers need it: the prompt, the reference, and what scoring needs beside
/// them (the functional checks, the libraries the reference needs). The suite loader's richer <c>SuiteItem</c> adapts
/// to this, so runs, records and statistics do not depend on how a suite is stored, and no scorer has to find the
/// suite again.
/// </summary>
/// <param name="Id">Unique id within the suite.</param>
/// <param name="Prompt">The natural-language request given to the system.</param>
/// <param name="Category">Category used for per-category statistics.</param>
/// <param name="Difficulty">Difficulty label used for per-difficulty statistics.</param>
/// <param name="ReferencePatch">The reference patch text (what the <c>reference</c> system returns).</param>
public sealed record BenchItem(string Id, string Prompt, string Category, string Difficulty, string ReferencePatch)
{
    /// <summary>The item's functional checks; empty when it has none (then <c>functional</c> reports no metric).</summary>
    public IReadOnlyList<FunctionalCheck> Checks { get; init; } = [];

    /// <summary>Libraries the reference needs (e.g. <c>Gem</c>, <c>cyclone</c>); they select the object profile for lint, load and run.</summary>
    public IReadOnlyList<string> Requires { get; init; } = [];

    /// <summary>
    /// The object profile lint, load and run use: vanilla when <see cref="Requires"/> is empty, else the smallest profile of
    /// <c>catalog/profiles.json</c> with every library (the suite loader rejects libraries no profile has, so vanilla is only
    /// the fallback for items built by hand).
    /// </summary>
    public PdProfile Profile => PdProfiles.ForRequires(Requires) ?? PdProfiles.Vanilla;
}

/// <summary>A loaded suite as the harness needs it: identity plus items in suite order.</summary>
/// <param name="Name">Suite name (part of the run id).</param>
/// <param name="Version">Suite semantic version.</param>
/// <param name="Hash">Content hash of the whole suite; runs of different hashes are never compared.</param>
/// <param name="Items">Items in suite order.</param>
public sealed record BenchSuite(string Name, string Version, string Hash, IReadOnlyList<BenchItem> Items)
{
    /// <summary>The folder it was loaded from, recorded in run.json so <c>patchbench score RUN</c> finds it again.</summary>
    public string? Source { get; init; }
}

/// <summary>Loads a suite folder into a <see cref="BenchSuite"/>; throws <see cref="HarnessInputException"/> on bad input.</summary>
public interface IBenchSuiteLoader
{
    /// <summary>Loads and validates the suite in <paramref name="directory"/>.</summary>
    BenchSuite Load(string directory);
}

/// <summary>Bad user input found by the harness (file, line and what was expected); the CLI prints it and exits 2.</summary>
public sealed class HarnessInputException(string message) : Exception(message);
