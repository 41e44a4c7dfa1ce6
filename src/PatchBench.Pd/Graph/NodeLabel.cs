using PatchBench.Pd.Catalog;
using PatchBench.Pd.Model;
using PatchBench.Pd.Syntax;

namespace PatchBench.Pd.Graph;

/// <summary>
/// How a box is named in the graph: canonical class plus normalised arguments, so that spellings
/// Pd treats alike (<c>t b f</c> and <c>trigger bang float</c>, <c>1.0</c> and <c>1</c>) get one label.
/// </summary>
public static class NodeLabel
{
    /// <summary>The IEM GUI classes (both spellings): their arguments are sizes, colours and names, so the label is the class alone.</summary>
    public static readonly IReadOnlySet<string> IemGuis = new HashSet<string>(StringComparer.Ordinal)
    {
        "bng", "tgl", "toggle", "nbx", "my_numbox", "hsl", "vsl", "hslider", "vslider",
        "hradio", "vradio", "hdl", "vdl", "vu", "cnv", "my_canvas",
    };

    /// <summary>The canonical class of an object name: the catalog's, or the name itself when the catalog does not know it.</summary>
    public static string CanonicalClass(string className, IObjectCatalog catalog) =>
        className.Length == 0 ? "" : catalog.CanonicalName(className) ?? className;

    /// <summary>The label and canonical class of a box that becomes a node.</summary>
    public static (string Label, string ClassName) Of(PdBox box, IObjectCatalog catalog)
    {
        switch (box.Kind)
        {
            case PdBoxKind.Message:
                return (Join("msg", box.Content), "msg");
            case PdBoxKind.FloatAtom or PdBoxKind.SymbolAtom or PdBoxKind.ListBox:
                return (box.ClassName, box.ClassName);
            case PdBoxKind.Array:
                return (box.Content.Count > 0 ? "array " + Word(box.Content[0]) : "array", "array");
            case PdBoxKind.Scalar:
                return (box.Content.Count > 0 ? "scalar " + Word(box.Content[0]) : "scalar", "scalar");
        }
        string cls = CanonicalClass(box.ClassName, catalog);
        if (cls.Length == 0) return ("(empty)", "(empty)");
        if (IemGuis.Contains(box.ClassName) || IemGuis.Contains(cls)) return (cls, cls);
        var args = box.Arguments;
        IEnumerable<string> words = cls switch
        {
            "trigger" => TriggerArgs(args),
            "pack" or "unpack" => args.Select(PackArg),
            _ => args.Select(Word),
        };
        return (string.Join(' ', words.Prepend(cls)), cls);
    }

    /// <summary>An atom as a label word: numbers printed canonically, separators as <c>;</c> and <c>,</c>.</summary>
    public static string Word(PdAtom a) => a.Kind switch
    {
        PdAtomKind.Float => PdNumber.Format(a.Number),
        PdAtomKind.Semicolon => ";",
        PdAtomKind.Comma => ",",
        _ => a.Value,
    };

    private static string Join(string head, IReadOnlyList<PdAtom> atoms) =>
        atoms.Count == 0 ? head : head + " " + string.Join(' ', atoms.Select(Word));

    // Pd's trigger looks at the first letter of each type word; no arguments means "float float".
    private static IEnumerable<string> TriggerArgs(IReadOnlyList<PdAtom> args)
    {
        if (args.Count == 0) return ["float", "float"];
        return args.Select(a => a.Kind == PdAtomKind.Symbol ? a.Value switch
        {
            "b" or "bang" => "bang",
            "f" or "float" => "float",
            "s" or "symbol" => "symbol",
            "l" or "list" => "list",
            "a" or "anything" => "anything",
            "p" or "pointer" => "pointer",
            var other => other,
        } : Word(a));
    }

    // pack/unpack: 0 (a float slot starting at 0) or 'f'/'float' is a float slot, 's'/'symbol' a symbol slot, 'p'/'pointer' a pointer slot.
    private static string PackArg(PdAtom a) => a.Kind switch
    {
        PdAtomKind.Float => a.Number == 0 ? "f" : Word(a),
        PdAtomKind.Symbol => a.Value switch
        {
            "f" or "float" => "f",
            "s" or "symbol" => "s",
            "p" or "pointer" => "p",
            "a" or "anything" => "a",
            var other => other,
        },
        _ => Word(a),
    };
}
