using System.Text.RegularExpressions;
using PatchBench.Pd;
using PatchBench.Pd.Syntax;

namespace PatchBench.Generation.Extraction;

/// <summary>How the patch was found in a model's output.</summary>
public enum ExtractionStatus
{
    /// <summary>A complete patch: starts with <c>#N canvas</c>, every record terminated, canvases balanced.</summary>
    Complete,
    /// <summary>A patch that starts but is cut off (open fence, missing final <c>;</c> or unbalanced canvases).</summary>
    Truncated,
    /// <summary>Nothing that looks like a Pd patch.</summary>
    NotFound,
}

/// <summary>The candidate patch taken from a model's raw output.</summary>
/// <param name="Patch">The patch text (empty when none was found).</param>
/// <param name="Status">Complete, truncated or not found.</param>
/// <param name="Method"><c>fenced</c> (from a code fence), <c>bare</c> (from prose) or <c>none</c>.</param>
/// <param name="Candidates">How many patch-like candidates the output held.</param>
public sealed record ExtractedPatch(string Patch, ExtractionStatus Status, string Method, int Candidates);

/// <summary>
/// Takes the Pd patch out of what a model wrote: fenced code (```pd … ```), prose before and after
/// ("sure! here's the patch you requested: …"), several candidates (the first complete one wins),
/// truncated output (recorded as such). Pure: no I/O.
/// </summary>
public static partial class PatchExtractor
{
    [GeneratedRegex(@"(?<fence>`{3,}|~{3,})[^\n`]*\n(?<body>.*?)(?:\n[ \t]*\k<fence>|\z)", RegexOptions.Singleline)]
    private static partial Regex FenceRegex();

    /// <summary>Extracts the candidate patch from <paramref name="output"/>.</summary>
    public static ExtractedPatch Extract(string? output)
    {
        output ??= "";
        output = output.Replace("\r\n", "\n");
        var candidates = new List<string>();
        foreach (Match m in FenceRegex().Matches(output))
        {
            string body = m.Groups["body"].Value;
            int start = body.IndexOf("#N canvas", StringComparison.Ordinal);
            if (start >= 0) candidates.Add(Trim(body[start..]));
        }
        string method = "fenced";
        if (candidates.Count == 0)
        {
            method = "bare";
            candidates.AddRange(BareRuns(output.Split('\n')));
        }
        if (candidates.Count == 0) return new ExtractedPatch("", ExtractionStatus.NotFound, "none", 0);
        foreach (var c in candidates)
            if (IsComplete(c)) return new ExtractedPatch(c, ExtractionStatus.Complete, method, candidates.Count);
        return new ExtractedPatch(candidates[0], ExtractionStatus.Truncated, method, candidates.Count);
    }

    /// <summary>
    /// Runs of patch lines in prose: each starts at a root <c>#N canvas</c> line and takes records,
    /// their continuation lines and blank lines between records, until prose or the next root canvas.
    /// </summary>
    private static IEnumerable<string> BareRuns(string[] lines)
    {
        int i = 0;
        while (i < lines.Length)
        {
            if (!lines[i].TrimStart().StartsWith("#N canvas", StringComparison.Ordinal)) { i++; continue; }
            var run = new List<string>();
            bool inRecord = false;
            for (; i < lines.Length; i++)
            {
                string t = lines[i].Trim();
                if (!inRecord)
                {
                    if (t.Length == 0)
                    {
                        int next = i + 1;
                        while (next < lines.Length && lines[next].Trim().Length == 0) next++;
                        if (next < lines.Length && LooksLikeRecord(lines[next]) && !IsRootHeader(lines[next].Trim())) continue;
                        break;
                    }
                    if (!LooksLikeRecord(t)) break;
                    // Another root header starts another patch; subpatch headers name their canvas.
                    if (IsRootHeader(t) && run.Count > 0) break;
                }
                run.Add(t);
                inRecord = !EndsRecord(t);
            }
            yield return Trim(string.Join('\n', run));
        }
    }

    // '#N canvas x y w h font;' opens a root; a subpatch has 'x y w h name vis'.
    private static bool IsRootHeader(string t)
    {
        if (!t.StartsWith("#N canvas", StringComparison.Ordinal)) return false;
        var fields = t.TrimEnd(';').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 7 && fields.Skip(2).All(f => PdNumber.TryParse(f, out _));
    }

    private static bool LooksLikeRecord(string line)
    {
        string t = line.TrimStart();
        return t.StartsWith("#N ", StringComparison.Ordinal) || t.StartsWith("#X ", StringComparison.Ordinal) || t.StartsWith("#A ", StringComparison.Ordinal);
    }

    private static bool EndsRecord(string line)
    {
        if (!line.EndsWith(';')) return false;
        int backslashes = 0;
        for (int i = line.Length - 2; i >= 0 && line[i] == '\\'; i--) backslashes++;
        return backslashes % 2 == 0;
    }

    private static string Trim(string s) => s.Trim('\n', ' ', '\t') + "\n";

    /// <summary>True when the text is a whole patch: parses with every record closed and every subpatch restored.</summary>
    public static bool IsComplete(string patch)
    {
        var parsed = PdParser.Parse(patch);
        return parsed.Root.Header.Count > 0 && parsed.Records.Count > 0 && parsed.Records[^1].Terminated &&
               !parsed.Diagnostics.Any(d => d.Code is PdDiagnosticCodes.UnterminatedRecord or PdDiagnosticCodes.UnbalancedCanvas or PdDiagnosticCodes.NoCanvas);
    }
}
