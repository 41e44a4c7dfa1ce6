using System.Text.Json.Nodes;
using PatchBench.Harness.Runs;
using PatchBench.Pd;
using PatchBench.Pd.Catalog;
using PatchBench.Pd.Lint;

namespace PatchBench.Harness.Scoring;

/// <summary>
/// The static score: <c>lint_ok</c> is 1 when the linter (which agrees with Pd on what fails) finds no
/// error. Details keep every diagnostic with its line, so the site can show them beside the patch.
/// A candidate is a lone file, so abstractions cannot resolve: there are none beside it. Each item is linted with the
/// catalog of its profile (<see cref="BenchItem.Profile"/>), so a Gem item's [gemwin] is known and a vanilla item's is not.
/// </summary>
/// <param name="catalogs">The catalog for each item.</param>
public sealed class LintScorer(ProfileCatalogs catalogs) : ISampleScorer
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IObjectCatalog, PdLinter> _linters = new(ReferenceEqualityComparer.Instance);

    /// <summary>A scorer that lints every item with <paramref name="catalog"/>, whatever its profile.</summary>
    public LintScorer(IObjectCatalog catalog) : this(ProfileCatalogs.Fixed(catalog)) { }

    /// <inheritdoc />
    public string Name => "lint";

    /// <inheritdoc />
    public IReadOnlyList<MetricDefinition> Metrics { get; } =
    [
        new(HeadlineMetrics.LintOk, MetricKind.Pass, true, "the linter finds no error (what Pd would report as a failure)"),
        new("lint_warnings", MetricKind.Mean, false, "number of lint warnings (style findings)"),
    ];

    /// <inheritdoc />
    public Task<ScoreResult> ScoreAsync(BenchItem item, string patch, CancellationToken cancellationToken)
    {
        var diagnostics = _linters.GetOrAdd(catalogs.For(item), c => new PdLinter(c)).Lint(patch);
        bool ok = patch.Length > 0 && !PdLinter.HasErrors(diagnostics);
        var details = new JsonObject
        {
            ["diagnostics"] = new JsonArray(diagnostics.Take(200).Select(d => (JsonNode)new JsonObject
            {
                ["line"] = d.Line, ["column"] = d.Column, ["code"] = d.Code,
                ["severity"] = d.Severity == PdSeverity.Error ? "error" : "warning", ["message"] = d.Message,
            }).ToArray()),
        };
        var metrics = new Dictionary<string, double>
        {
            [HeadlineMetrics.LintOk] = ok ? 1 : 0,
            ["lint_warnings"] = diagnostics.Count(d => d.Severity == PdSeverity.Warning),
        };
        return Task.FromResult(new ScoreResult(metrics, details));
    }
}
