using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PatchBench.Pd;
using PatchBench.Pd.Catalog;
using PatchBench.Pd.Drawing;
using PatchBench.Pd.Graph;
using PatchBench.Pd.Model;

namespace PatchBench.Cli.Commands;

/// <summary><c>patchbench similarity REF.pd CAND.pd [--format text|json]</c>: object-graph similarity of a candidate to its reference.</summary>
public static class SimilarityCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var reference = new Argument<FileInfo>("reference") { Description = "The reference patch (.pd)" };
        var candidate = new Argument<FileInfo>("candidate") { Description = "The candidate patch (.pd)" };
        var format = new Option<string>("--format") { Description = "Output format", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var svg = new Option<DirectoryInfo?>("--svg") { Description =
            "Also write reference.svg and candidate.svg into this folder, boxes coloured matched/changed/missing/extra" };
        var command = new Command("similarity", "Compare a candidate patch's object graph with a reference patch's: node F1, edge F1 and 1 - normalised " +
            "graph edit distance.");
        command.Arguments.Add(reference);
        command.Arguments.Add(candidate);
        command.Options.Add(format);
        command.Options.Add(svg);
        command.SetAction(parse =>
        {
            var refPatch = Read(parse.GetValue(reference)!, strict: true);
            var candPatch = Read(parse.GetValue(candidate)!, strict: false);
            var result = GraphComparer.Compare(refPatch, candPatch, ObjectCatalog.Vanilla);
            if (parse.GetValue(svg) is { } folder) WriteDrawings(folder, refPatch, candPatch, result);
            Console.Out.Write(parse.GetValue(format) == "json"
                ? JsonSerializer.Serialize(result, GraphSimilarityJson.Readable.GraphSimilarity) + "\n"
                : Text(result));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// Reads a patch. A reference must parse cleanly (it is the yardstick); a candidate is scored as
    /// it is, since a broken candidate simply scores low, and its parse errors go to stderr.
    /// </summary>
    private static PdPatch Read(FileInfo file, bool strict)
    {
        if (!file.Exists) throw new UserInputException($"{file.FullName}: no such file");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(file.FullName); }
        catch (IOException ex) { throw new UserInputException($"{file.FullName}: cannot read ({ex.Message})"); }
        catch (UnauthorizedAccessException ex) { throw new UserInputException($"{file.FullName}: cannot read ({ex.Message})"); }
        var patch = PdParser.Parse(bytes);
        var errors = patch.Diagnostics.Where(d => d.Severity == PdSeverity.Error).ToList();
        if (strict && errors.Count > 0)
            throw new UserInputException($"{file.FullName}:{errors[0].Line}:{errors[0].Column}: {errors[0].Message} (a reference patch must be a well-formed " +
                $"Pd file)");
        foreach (var e in errors)
            Console.Error.WriteLine($"{file.FullName}:{e.Line}:{e.Column}: warning: {e.Message} (scored as read)");
        return patch;
    }

    private static void WriteDrawings(DirectoryInfo folder, PdPatch reference, PdPatch candidate, GraphSimilarity result)
    {
        try
        {
            folder.Create();
            File.WriteAllText(Path.Combine(folder.FullName, "reference.svg"),
                PatchSvg.Render(reference, ObjectCatalog.Vanilla, result.ReferenceStatus(), "reference"));
            File.WriteAllText(Path.Combine(folder.FullName, "candidate.svg"),
                PatchSvg.Render(candidate, ObjectCatalog.Vanilla, result.CandidateStatus(), "candidate"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"{folder.FullName}: cannot write drawings ({ex.Message})");
        }
    }

    private static string Text(GraphSimilarity r)
    {
        var ci = CultureInfo.InvariantCulture;
        var w = new StringWriter(ci);
        w.WriteLine($"graph      {r.Graph.ToString("F4", ci)}   (edit cost {r.EditCost.ToString(ci)} of {r.MaxCost.ToString(ci)})");
        w.WriteLine($"nodes_f1   {r.NodesF1.ToString("F4", ci)}   (reference {r.ReferenceNodes} nodes, candidate {r.CandidateNodes})");
        w.WriteLine($"edges_f1   {r.EdgesF1.ToString("F4", ci)}   (reference {r.ReferenceEdges} edges, candidate {r.CandidateEdges})");
        var changed = r.Matches.Where(m => m.Cost > 0).ToList();
        w.WriteLine($"boxes      {r.Matches.Count - changed.Count} matched, {changed.Count} changed, {r.Missing.Count} missing, {r.Extra.Count} extra");
        foreach (var m in changed) w.WriteLine($"  changed  [{m.ReferenceLabel}] at {m.Reference} -> [{m.CandidateLabel}] at {m.Candidate}");
        foreach (var u in r.Missing) w.WriteLine($"  missing  [{u.Label}] at {u.Path} of the reference");
        foreach (var u in r.Extra) w.WriteLine($"  extra    [{u.Label}] at {u.Path} of the candidate");
        return w.ToString();
    }
}
