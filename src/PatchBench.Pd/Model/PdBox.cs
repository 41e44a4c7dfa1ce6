using PatchBench.Pd.Syntax;

namespace PatchBench.Pd.Model;

/// <summary>What kind of box a record creates in its canvas.</summary>
public enum PdBoxKind
{
    /// <summary><c>#X obj</c>: an object box (including IEM GUIs such as <c>bng</c>, <c>tgl</c>).</summary>
    Object,
    /// <summary><c>#X msg</c>: a message box.</summary>
    Message,
    /// <summary><c>#X floatatom</c>: a number box.</summary>
    FloatAtom,
    /// <summary><c>#X symbolatom</c>: a symbol box.</summary>
    SymbolAtom,
    /// <summary><c>#X listbox</c>: a list box.</summary>
    ListBox,
    /// <summary><c>#X text</c>: a comment.</summary>
    Comment,
    /// <summary><c>#X scalar</c>: a data-structure scalar.</summary>
    Scalar,
    /// <summary>A subpatch closed by <c>#X restore x y pd name</c>.</summary>
    Subpatch,
    /// <summary>A graph closed by <c>#X restore x y graph</c> (usually holding arrays).</summary>
    Graph,
    /// <summary><c>#X array</c>: a garray inside a graph.</summary>
    Array,
}

/// <summary>
/// A box: one element of a canvas that Pd counts when it numbers objects for <c>#X connect</c>.
/// </summary>
public sealed record PdBox
{
    /// <summary>Position among the canvas's boxes, as <c>#X connect</c> counts it (0-based).</summary>
    public required int Index { get; init; }

    /// <summary>What the box is.</summary>
    public required PdBoxKind Kind { get; init; }

    /// <summary>Horizontal position in the canvas.</summary>
    public required double X { get; init; }

    /// <summary>Vertical position in the canvas.</summary>
    public required double Y { get; init; }

    /// <summary>
    /// The box's content after the coordinates: for an object its class and arguments
    /// (<c>osc~ 440</c>), for a message its message, for a comment its words, for atoms their
    /// fields, for a subpatch <c>pd name</c> or <c>graph</c>, for an array its fields.
    /// </summary>
    public required IReadOnlyList<PdAtom> Content { get; init; }

    /// <summary>Box width in characters from a <c>, f N</c> suffix, if any.</summary>
    public int? Width { get; init; }

    /// <summary>The canvas inside a subpatch or graph; null for other boxes.</summary>
    public PdCanvas? Subcanvas { get; init; }

    /// <summary>
    /// The <c>#A</c> records that follow the box: Pd sends them to the newest object, so they
    /// carry an array's values (<c>#A 0 …</c>) or saved contents (<c>#A set …</c> for
    /// <c>text define -k</c>).
    /// </summary>
    public IReadOnlyList<PdRecord> Data { get; init; } = [];

    /// <summary>1-based line of the record that created the box.</summary>
    public int Line { get; init; }

    /// <summary>1-based column of that record.</summary>
    public int Column { get; init; }

    /// <summary>
    /// The class name Pd looks up: for an object box its first word (empty for an empty box),
    /// <c>pd</c> for a subpatch, <c>graph</c> for a graph; for other boxes the record selector
    /// (<c>msg</c>, <c>floatatom</c>, <c>text</c>…).
    /// </summary>
    public string ClassName => Kind switch
    {
        PdBoxKind.Object => Content.Count > 0 ? Content[0].Value : "",
        PdBoxKind.Subpatch => "pd",
        PdBoxKind.Graph => "graph",
        PdBoxKind.Message => "msg",
        PdBoxKind.FloatAtom => "floatatom",
        PdBoxKind.SymbolAtom => "symbolatom",
        PdBoxKind.ListBox => "listbox",
        PdBoxKind.Comment => "text",
        PdBoxKind.Scalar => "scalar",
        PdBoxKind.Array => "array",
        _ => "",
    };

    /// <summary>The creation arguments of an object box (content after the class name).</summary>
    public IReadOnlyList<PdAtom> Arguments => Kind is PdBoxKind.Object or PdBoxKind.Subpatch ? PdAtomSlice.From(Content, 1) : Content;

    /// <summary>The box text as Pd shows it (unescaped words joined by spaces).</summary>
    public string Text => string.Join(' ', Content.Select(a => a.Kind switch
    {
        PdAtomKind.Semicolon => ";",
        PdAtomKind.Comma => ",",
        _ => a.Value,
    }));
}
