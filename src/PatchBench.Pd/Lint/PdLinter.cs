using PatchBench.Pd.Catalog;
using PatchBench.Pd.Model;
using PatchBench.Pd.Syntax;

namespace PatchBench.Pd.Lint;

/// <summary>
/// The static checker: finds in a parsed patch what Pd reports as failures when it loads the patch and
/// switches DSP on (errors), and what a Pd expert would flag (warnings). Codes are listed in
/// <see cref="PdLintCodes"/>. Never throws on any parsed input.
/// </summary>
public sealed class PdLinter
{
    private readonly IObjectCatalog _catalog;
    private readonly IAbstractionResolver _resolver;
    private readonly Dictionary<string, ObjectPorts?> _abstractionCache = new(StringComparer.Ordinal);

    /// <summary>A linter for one catalog profile, finding abstractions through <paramref name="abstractions"/>.</summary>
    public PdLinter(IObjectCatalog catalog, IAbstractionResolver? abstractions = null)
    {
        _catalog = catalog;
        _resolver = abstractions ?? NoAbstractions.Instance;
    }

    /// <summary>Parses and lints Pd file text; <paramref name="patchPath"/> locates abstractions next to it.</summary>
    public IReadOnlyList<PdDiagnostic> Lint(string text, string? patchPath = null) => Lint(PdParser.Parse(text), patchPath);

    /// <summary>Parses and lints raw file bytes.</summary>
    public IReadOnlyList<PdDiagnostic> Lint(byte[] bytes, string? patchPath = null) => Lint(PdParser.Parse(bytes), patchPath);

    /// <summary>Lints a parsed patch: the parser's findings re-graded by what Pd does, then every lint rule; sorted by position.</summary>
    public IReadOnlyList<PdDiagnostic> Lint(PdPatch patch, string? patchPath = null)
    {
        var diagnostics = new List<PdDiagnostic>();
        // Findings the record pass re-derives with Pd's own severity are dropped from the parser's list.
        foreach (var d in patch.Diagnostics)
            if (d.Code is not (PdDiagnosticCodes.MalformedRecord or PdDiagnosticCodes.NoCanvas or PdDiagnosticCodes.UnbalancedCanvas
                or PdDiagnosticCodes.DanglingArrayData))
                diagnostics.Add(d);
        if (patch.Records.Count == 0)
            diagnostics.Add(new PdDiagnostic(1, 1, PdDiagnosticCodes.EmptyPatch, PdSeverity.Warning, "the file is empty"));

        var builder = new BoxModelBuilder(_catalog, _resolver, _abstractionCache);
        string? directory = patchPath is null ? null : Path.GetDirectoryName(Path.GetFullPath(patchPath));
        var canvases = CanvasesDepthFirst(patch.Root);
        var declares = new List<IReadOnlyList<PdAtom>>();
        foreach (var canvas in canvases) declares.AddRange(canvas.Declares);
        builder.SetSearchPaths(directory, declares);

        var notCreated = RecordRules.Check(patch.Records, ArrayDataTargetOf, diagnostics);

        bool rootHasArguments = false; // a file opened on its own has no creation arguments
        var live = new List<BoxModel>();
        foreach (var canvas in canvases)
        {
            live.Clear();
            foreach (var box in canvas.Boxes)
                if (notCreated.Count == 0 || !notCreated.Contains((box.Line, box.Column)))
                    live.Add(builder.Build(box, diagnostics));
            ConnectionRules.Check(canvas, live, diagnostics);
            StyleRules.Check(canvas, live, rootHasArguments, diagnostics);
        }

        diagnostics.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column != b.Column ? a.Column.CompareTo(b.Column)
            : string.CompareOrdinal(a.Code, b.Code));
        return diagnostics;

        RecordRules.ArrayDataTarget ArrayDataTargetOf(string name, string arg)
        {
            // Objects that bind '#A' while loading (g_array.c, x_text.c, x_scalar.c, canvas_popabstraction).
            if (name == "table" || (name is "text" or "array" or "scalar" && arg is "define" or "d")) return RecordRules.ArrayDataTarget.DataObject;
            // Loading an abstraction (also each copy [clone] makes) binds '#A' to its canvas.
            if (name == "clone") return RecordRules.ArrayDataTarget.AbstractionCanvas;
            if (_catalog is ObjectCatalog full && full.Find(name) is { } known)
                return known.Origin == ClassOrigin.Abstraction ? RecordRules.ArrayDataTarget.AbstractionCanvas : RecordRules.ArrayDataTarget.None;
            if (_catalog.CanonicalName(name) is not null) return RecordRules.ArrayDataTarget.None;
            return name.Length > 0 && !name.Contains('$') && IsAbstraction(name) ? RecordRules.ArrayDataTarget.AbstractionCanvas
                : RecordRules.ArrayDataTarget.None;
        }

        bool IsAbstraction(string name)
        {
            foreach (var dir in builder.SearchPaths)
            {
                string path;
                try { path = Path.GetFullPath(Path.Combine(dir, name + ".pd")); }
                catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { continue; }
                if (!_abstractionCache.TryGetValue(path, out var ports))
                {
                    var text = _resolver.ReadPatch(path);
                    ports = text is null ? null : builder.CanvasPorts(PdParser.Parse(text).Root);
                    _abstractionCache[path] = ports;
                }
                if (ports is not null) return true;
            }
            return false;
        }
    }

    /// <summary>Every canvas, depth first, root first: the order of <see cref="PdPatch.Canvases"/>, without nested iterators.</summary>
    private static List<PdCanvas> CanvasesDepthFirst(PdCanvas root)
    {
        var result = new List<PdCanvas>();
        var pending = new Stack<PdCanvas>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var canvas = pending.Pop();
            result.Add(canvas);
            for (int i = canvas.Boxes.Count - 1; i >= 0; i--)
                if (canvas.Boxes[i].Subcanvas is { } sub) pending.Push(sub);
        }
        return result;
    }

    /// <summary>True when some diagnostic is an error.</summary>
    public static bool HasErrors(IEnumerable<PdDiagnostic> diagnostics) => diagnostics.Any(d => d.Severity == PdSeverity.Error);
}
