using PatchBench.Pd.Model;
using PatchBench.Pd.Syntax;

namespace PatchBench.Execution.PreCheck;

/// <summary>A risky object or message found before running.</summary>
/// <param name="Code">Stable code: <c>file-access</c>, <c>outside-path</c>, <c>network</c>, <c>subprocess</c>, <c>pd-open</c>, <c>pd-quit</c>,
/// <c>shell</c>.</param>
/// <param name="Line">1-based line of the box.</param>
/// <param name="Message">What was seen.</param>
public sealed record DangerFinding(string Code, int Line, string Message);

/// <summary>
/// Lists the objects and messages that could reach outside a patch's own folder. Informational
/// only: the sandbox confines the run whether or not anything is recognised here.
/// </summary>
public static class DangerScan
{
    private static readonly HashSet<string> Network = ["netsend", "netreceive", "oscformat"];
    private static readonly HashSet<string> Shell = ["shell", "ggee/shell", "exec", "system", "popen", "command", "pdcontrol"];
    private static readonly HashSet<string> FileWriters = ["soundfiler", "writesf~", "text", "qlist", "textfile", "array", "table"];

    /// <summary>Scans every canvas of <paramref name="patch"/>.</summary>
    public static IReadOnlyList<DangerFinding> Scan(PdPatch patch)
    {
        var found = new List<DangerFinding>();
        foreach (var box in patch.Canvases.SelectMany(c => c.Boxes))
        {
            var cls = box.ClassName;
            if (box.Kind == PdBoxKind.Object)
            {
                if (cls == "file") found.Add(new("file-access", box.Line, $"[{box.Text}] can read, write, move and delete files"));
                else if (Network.Contains(cls) && cls != "oscformat") found.Add(new("network", box.Line, $"[{box.Text}] opens network sockets"));
                else if (cls == "pd~") found.Add(new("subprocess", box.Line, $"[{box.Text}] starts another Pd process"));
                else if (Shell.Contains(cls)) found.Add(new("shell", box.Line, $"[{box.Text}] may run shell commands (an external)"));
            }
            bool messageLike = box.Kind is PdBoxKind.Message || (box.Kind == PdBoxKind.Object && FileWriters.Contains(cls));
            if (messageLike || box.Kind == PdBoxKind.Object && cls == "file")
                foreach (var atom in box.Content.Where(a => a.IsSymbol))
                    if (IsOutsidePath(atom.Value))
                        found.Add(new("outside-path", box.Line, $"'{atom.Value}' names a path outside the patch's folder"));
            if (box.Kind == PdBoxKind.Message) ScanMessage(box, found);
        }
        return found;
    }

    private static void ScanMessage(PdBox box, List<DangerFinding> found)
    {
        var c = box.Content;
        for (int i = 0; i + 2 < c.Count; i++)
        {
            if (c[i].Value != ";" || c[i + 1].Value != "pd") continue;
            var what = c[i + 2].Value;
            if (what == "open") found.Add(new("pd-open", box.Line, "message '; pd open …' opens another patch"));
            else if (what == "quit") found.Add(new("pd-quit", box.Line, "message '; pd quit' quits Pd"));
        }
    }

    /// <summary>True for absolute paths, home-relative paths and paths climbing out with <c>..</c>.</summary>
    public static bool IsOutsidePath(string word) =>
        word.StartsWith('/') || word.StartsWith('~') || word == ".." || word.StartsWith("../", StringComparison.Ordinal)
            || word.Contains("/../", StringComparison.Ordinal);
}
