using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using PatchBench.Pd;

namespace PatchBench.Cli.Lint;

/// <summary>One diagnostic as <c>lint --format json</c> prints it.</summary>
/// <param name="Line">1-based line (0 for the whole file).</param>
/// <param name="Column">1-based column.</param>
/// <param name="Code">Stable rule code, e.g. <c>PD101</c>.</param>
/// <param name="Severity"><c>error</c> or <c>warning</c>.</param>
/// <param name="Message">What is wrong.</param>
public sealed record LintDiagnosticJson(int Line, int Column, string Code, string Severity, string Message);

/// <summary>The result for one file as <c>lint --format json</c> prints it.</summary>
/// <param name="Path">The file, as named on the command line or found in a named folder.</param>
/// <param name="Ok">False exactly when some diagnostic is an error.</param>
/// <param name="Diagnostics">Every finding, in file order.</param>
public sealed record LintFileJson(string Path, bool Ok, IReadOnlyList<LintDiagnosticJson> Diagnostics);

/// <summary>System.Text.Json source generation for the lint report (no reflection at run time).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(IReadOnlyList<LintFileJson>))]
public sealed partial class LintJsonContext : JsonSerializerContext;

/// <summary>Formats lint results as JSON (DESIGN.md) or compiler-style text.</summary>
public static class LintReport
{
    /// <summary>The JSON record for one file.</summary>
    public static LintFileJson ToJson(string path, IReadOnlyList<PdDiagnostic> diagnostics) =>
        new(path, !diagnostics.Any(d => d.Severity == PdSeverity.Error),
            diagnostics.Select(d => new LintDiagnosticJson(d.Line, d.Column, d.Code, SeverityName(d.Severity), d.Message)).ToArray());

    /// <summary>The JSON array for all files.</summary>
    public static string Json(IReadOnlyList<LintFileJson> files) => JsonSerializer.Serialize(files, Context.IReadOnlyListLintFileJson);

    // Messages quote Pd names ('f', [osc~]): keep them readable rather than \u0027-escaped.
    private static readonly LintJsonContext Context = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
    });

    /// <summary>One line per diagnostic: <c>path:line:col: severity CODE message</c>.</summary>
    public static IEnumerable<string> TextLines(string path, IReadOnlyList<PdDiagnostic> diagnostics) =>
        diagnostics.Select(d => $"{path}:{d.Line}:{d.Column}: {SeverityName(d.Severity)} {d.Code} {d.Message}");

    /// <summary><c>error</c> or <c>warning</c>.</summary>
    public static string SeverityName(PdSeverity severity) => severity == PdSeverity.Error ? "error" : "warning";
}
