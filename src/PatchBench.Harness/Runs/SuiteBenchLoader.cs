using System.Globalization;
using PatchBench.Harness.Suites;

namespace PatchBench.Harness.Runs;

/// <summary>
/// Loads a suite folder with the validating <see cref="SuiteLoader"/> and adapts it to what runs need: each
/// <see cref="SuiteItem"/> becomes a <see cref="BenchItem"/>, and the suite's content hash is the run's suite hash.
/// </summary>
public sealed class SuiteBenchLoader : IBenchSuiteLoader
{
    private const int ProblemsShown = 20;

    /// <inheritdoc />
    public BenchSuite Load(string directory)
    {
        var result = SuiteLoader.Load(directory);
        if (!result.Ok || result.Suite is not { } suite)
        {
            var shown = result.Problems.Take(ProblemsShown).Select(p => p.ToString());
            var more = result.Problems.Count > ProblemsShown ? $"\n… and {result.Problems.Count - ProblemsShown} more" : "";
            throw new HarnessInputException($"suite {directory} has {result.Problems.Count} problem(s):\n{string.Join("\n", shown)}{more}");
        }
        return FromSuite(suite);
    }

    /// <summary>The harness's view of a loaded suite.</summary>
    public static BenchSuite FromSuite(Suite suite) =>
        new(suite.Manifest.Name, suite.Manifest.Version, suite.ContentHash, suite.Items.Select(ToBenchItem).ToList())
        {
            Source = suite.Directory,
        };

    /// <summary>The harness's view of one item: everything a scorer needs, checks included.</summary>
    public static BenchItem ToBenchItem(SuiteItem item) =>
        new(item.Id, item.Prompt, item.Category, item.Difficulty.ToString(CultureInfo.InvariantCulture), item.ReferenceText)
        {
            Checks = item.Checks,
            Requires = item.Requires,
        };
}
