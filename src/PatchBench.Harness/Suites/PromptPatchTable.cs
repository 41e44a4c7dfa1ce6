using System.Text;
using System.Text.Json;

namespace PatchBench.Harness.Suites;

/// <summary>One row of a prompt/patch data set (PatchGen's or a training set).</summary>
/// <param name="Prompt">The request.</param>
/// <param name="Patch">The answer: a patch, possibly wrapped in prose and code fences.</param>
/// <param name="Line">1-based line of the row in its file.</param>
public sealed record PromptPatchRow(string Prompt, string Patch, int Line);

/// <summary>
/// Reads JSONL or CSV files of prompts and patches. Column names accepted (first found wins): prompt from
/// <c>instruction</c>, <c>prompt</c>, <c>Prompt</c>, <c>input</c>; patch from <c>output</c>, <c>Patch Contents</c>,
/// <c>patch</c>, <c>completion</c>, <c>response</c>. PatchGen's JSONL (<c>instruction</c>/<c>output</c>) and CSV
/// (<c>Prompt</c>/<c>Patch Contents</c>) both read as is.
/// </summary>
public static class PromptPatchTable
{
    /// <summary>Prompt column names, in order of preference.</summary>
    public static readonly IReadOnlyList<string> PromptColumns = ["instruction", "prompt", "Prompt", "input"];

    /// <summary>Patch column names, in order of preference.</summary>
    public static readonly IReadOnlyList<string> PatchColumns = ["output", "Patch Contents", "patch", "completion", "response"];

    /// <summary>Reads a file: a JSON array, JSON lines, or (anything not starting with <c>[</c> or <c>{</c>) CSV.</summary>
    /// <exception cref="FormatException">A row is malformed or lacks the columns; the message names file and line.</exception>
    public static IReadOnlyList<PromptPatchRow> Read(string path)
    {
        var text = File.ReadAllText(path);
        var start = text.TrimStart();
        if (start.StartsWith('[')) return ReadJsonArray(text, path);
        return path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith('{')
            ? ReadJsonLines(text, path) : ReadCsv(text, path);
    }

    /// <summary>Parses JSON lines.</summary>
    public static IReadOnlyList<PromptPatchRow> ReadJsonLines(string text, string file)
    {
        var rows = new List<PromptPatchRow>();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0) continue;
            JsonElement obj;
            try { obj = JsonDocument.Parse(line).RootElement; }
            catch (JsonException ex) { throw new FormatException($"{file}:{i + 1}: not a JSON object: {ex.Message}"); }
            rows.Add(FromObject(obj, file, i + 1));
        }
        return rows;
    }

    /// <summary>Parses a JSON array of row objects; a row's "line" is its 1-based position in the array.</summary>
    public static IReadOnlyList<PromptPatchRow> ReadJsonArray(string text, string file)
    {
        JsonElement root;
        try { root = JsonDocument.Parse(text).RootElement; }
        catch (JsonException ex) { throw new FormatException($"{file}:{ex.LineNumber + 1}: not a JSON array: {ex.Message}"); }
        return root.EnumerateArray().Select((o, i) => FromObject(o, file, i + 1)).ToList();
    }

    /// <summary>
    /// One row from a JSON object in any of the layouts: chat <c>messages</c> (last user message, last assistant
    /// message), Alpaca (<c>instruction</c> and, when not empty, <c>input</c> joined by a blank line, as Alpaca's
    /// template puts the input under the instruction), or the single prompt/patch fields.
    /// </summary>
    public static PromptPatchRow FromObject(JsonElement obj, string file, int line)
    {
        if (obj.ValueKind != JsonValueKind.Object) throw new FormatException($"{file}:{line}: expected a JSON object");
        string? Text(string name) => obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (obj.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            string? Last(string role) => messages.EnumerateArray()
                .Where(m => m.ValueKind == JsonValueKind.Object && m.TryGetProperty("role", out var r) && r.GetString() == role
                    && m.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String)
                .Select(m => m.GetProperty("content").GetString()).LastOrDefault();
            var user = Last("user") ?? throw new FormatException($"{file}:{line}: 'messages' has no user message");
            var assistant = Last("assistant") ?? throw new FormatException($"{file}:{line}: 'messages' has no assistant message");
            return new PromptPatchRow(user, assistant, line);
        }
        var patch = PatchColumns.Select(Text).FirstOrDefault(v => v is not null)
            ?? throw new FormatException($"{file}:{line}: no patch field (expected one of: {string.Join(", ", PatchColumns)}, or chat 'messages')");
        string? prompt = Text("instruction") is { } instruction
            ? (Text("input") is { Length: > 0 } input && !string.IsNullOrWhiteSpace(input) ? instruction.TrimEnd() + "\n\n" + input.Trim() : instruction)
            : PromptColumns.Select(Text).FirstOrDefault(v => v is not null);
        return new PromptPatchRow(prompt ?? throw new FormatException(
            $"{file}:{line}: no prompt field (expected one of: {string.Join(", ", PromptColumns)}, or chat 'messages')"), patch, line);
    }

    /// <summary>Parses RFC 4180 CSV with a header row (quoted fields may span lines).</summary>
    public static IReadOnlyList<PromptPatchRow> ReadCsv(string text, string file)
    {
        var records = new List<(List<string> Fields, int Line)>();
        var field = new StringBuilder();
        var fields = new List<string>();
        int line = 1, recordLine = 1;
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else { if (c == '\n') line++; field.Append(c); }
                continue;
            }
            switch (c)
            {
                case '"': quoted = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n':
                    fields.Add(field.ToString()); field.Clear();
                    if (fields.Count > 1 || fields[0].Length > 0) records.Add((fields, recordLine));
                    fields = []; line++; recordLine = line;
                    break;
                default: field.Append(c); break;
            }
        }
        if (quoted) throw new FormatException($"{file}:{recordLine}: a quoted field is never closed");
        if (field.Length > 0 || fields.Count > 0) { fields.Add(field.ToString()); records.Add((fields, recordLine)); }
        if (records.Count == 0) return [];
        var header = records[0].Fields;
        int Col(IReadOnlyList<string> names) => names.Select(n => header.IndexOf(n)).FirstOrDefault(i => i >= 0, -1);
        int p = Col(PromptColumns), q = Col(PatchColumns);
        if (p < 0 || q < 0) throw new FormatException($"{file}:1: header needs a prompt column ({string.Join(", ", PromptColumns)}) and a patch column " +
            $"({string.Join(", ", PatchColumns)}); found: {string.Join(", ", header)}");
        // Alpaca as CSV: an 'input' column beside 'instruction' goes under it, as in the JSON layout.
        int extra = header[p] == "instruction" ? header.IndexOf("input") : -1;
        string PromptOf(List<string> f) => extra >= 0 && extra < f.Count && !string.IsNullOrWhiteSpace(f[extra]) ? f[p].TrimEnd() + "\n\n" + f[extra].Trim()
            : f[p];
        return records.Skip(1).Select(r => r.Fields.Count > Math.Max(p, q)
            ? new PromptPatchRow(PromptOf(r.Fields), r.Fields[q], r.Line)
            : throw new FormatException($"{file}:{r.Line}: expected at least {Math.Max(p, q) + 1} fields, found {r.Fields.Count}")).ToList();
    }
}

/// <summary>How much of one suite item appears in a training set.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="PromptOverlap">Largest share of the item prompt's word n-grams found in one training prompt.</param>
/// <param name="PatchOverlap">Largest share of the reference's token n-grams found in one training patch.</param>
/// <param name="PromptMatch">Where the closest prompt is (<c>file:line</c>), or null.</param>
/// <param name="PatchMatch">Where the closest patch is (<c>file:line</c>), or null.</param>
/// <param name="Flagged">True when either overlap reaches the threshold: a likely leak.</param>
public sealed record ContaminationResult(string ItemId, double PromptOverlap, double PatchOverlap, string? PromptMatch, string? PatchMatch, bool Flagged);

/// <summary>
/// N-gram overlap between suite items and a training set. Prompts are compared as lower-cased word n-grams, patches
/// as n-grams of Pd tokens with coordinates dropped (so moving boxes does not hide a copy). An item's overlap is the
/// share of its n-grams present in the single closest training row. Pure.
/// </summary>
public static class Contamination
{
    /// <summary>Scores every item against every row.</summary>
    public static IReadOnlyList<ContaminationResult> Measure(IEnumerable<SuiteItem> items, IReadOnlyList<(PromptPatchRow Row, string File)> training, int n,
        double threshold)
    {
        var trainPrompts = training.Select(t => NGrams(PromptTokens(t.Row.Prompt), n)).ToArray();
        var trainPatches = training.Select(t => NGrams(PatchTokens(t.Row.Patch), n)).ToArray();
        var results = new List<ContaminationResult>();
        foreach (var item in items)
        {
            var (pv, pi) = Best(NGrams(PromptTokens(item.Prompt), n), trainPrompts);
            var (qv, qi) = Best(NGrams(PatchTokens(item.ReferenceText), n), trainPatches);
            string? Where(int i) => i < 0 ? null : $"{training[i].File}:{training[i].Row.Line}";
            results.Add(new ContaminationResult(item.Id, pv, qv, Where(pi), Where(qi), pv >= threshold || qv >= threshold));
        }
        return results;
    }

    /// <summary>Lower-cased words.</summary>
    public static IReadOnlyList<string> PromptTokens(string prompt) =>
        prompt.ToLowerInvariant().Split((char[])[' ', '\t', '\n', '\r', ',', '.', '?', '!', ';', ':', '"', '(', ')'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Pd tokens of what a patch does, without boilerplate every patch shares: canvas headers, coordinates,
    /// GUI and atom-box styling arguments (their class name is kept), the <c>#X</c> prefix and connections
    /// (their index numbers are alike in every small patch; the boxes' texts in file order carry a copy).
    /// </summary>
    public static IReadOnlyList<string> PatchTokens(string patch)
    {
        var tokens = new List<string>();
        foreach (var record in patch.Split(';'))
        {
            var t = record.Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (t.Length < 2 || t[0] != "#X" || t[1] is "coords" or "restore" or "text" or "connect") continue;
            if (t[1] is "obj" or "msg" && t.Length >= 4)
            {
                var rest = t.Skip(4).ToArray();
                bool gui = t[1] == "obj" && rest.Length > 0 && rest[0] is "bng" or "tgl" or "nbx" or "hsl" or "vsl" or "hradio" or "vradio" or "cnv" or "vu"
                    or "hdl" or "vdl";
                tokens.Add(t[1]);
                tokens.AddRange(gui ? rest.Take(1) : rest);
            }
            else if (t[1] is "floatatom" or "symbolatom" or "listbox") tokens.Add(t[1]);
            else tokens.AddRange(t.Skip(1));
            tokens.Add(";");
        }
        return tokens;
    }

    /// <summary>The set of n-grams (shorter sequences give their whole self as one gram).</summary>
    public static HashSet<string> NGrams(IReadOnlyList<string> tokens, int n)
    {
        var set = new HashSet<string>();
        if (tokens.Count == 0) return set;
        if (tokens.Count < n) { set.Add(string.Join('\u0001', tokens)); return set; }
        for (int i = 0; i + n <= tokens.Count; i++) set.Add(string.Join('\u0001', tokens.Skip(i).Take(n)));
        return set;
    }

    private static (double Value, int Index) Best(HashSet<string> grams, HashSet<string>[] rows)
    {
        if (grams.Count == 0) return (0, -1);
        double best = 0;
        int at = -1;
        for (int i = 0; i < rows.Length; i++)
        {
            int hit = grams.Count(rows[i].Contains);
            double v = hit / (double)grams.Count;
            if (v > best) { best = v; at = i; }
        }
        return (best, at);
    }
}
