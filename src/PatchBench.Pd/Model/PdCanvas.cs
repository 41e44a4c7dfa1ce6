using PatchBench.Pd.Syntax;

namespace PatchBench.Pd.Model;

/// <summary>
/// A canvas: the root patch or a subpatch/graph, with its boxes in Pd's index order, its
/// connections, and the canvas-level records (<c>#X coords</c>, <c>#X declare</c>).
/// </summary>
public sealed record PdCanvas
{
    /// <summary>The <c>#N canvas</c> fields after <c>canvas</c>: x y w h and font (root) or name vis (subpatch).</summary>
    public required IReadOnlyList<PdAtom> Header { get; init; }

    /// <summary>True for the file's first canvas.</summary>
    public bool IsRoot { get; init; }

    /// <summary>Boxes in creation order; <c>Boxes[i].Index == i</c>.</summary>
    public IReadOnlyList<PdBox> Boxes { get; init; } = [];

    /// <summary>Connections in file order.</summary>
    public IReadOnlyList<PdConnection> Connections { get; init; } = [];

    /// <summary>The <c>#X coords</c> fields, when present (graph-on-parent settings).</summary>
    public IReadOnlyList<PdAtom>? Coords { get; init; }

    /// <summary>Each <c>#X declare</c> record's fields.</summary>
    public IReadOnlyList<IReadOnlyList<PdAtom>> Declares { get; init; } = [];

    /// <summary>
    /// Records that belong to the canvas but are none of the above (for example <c>#N struct</c>),
    /// kept with their position among the boxes so the writer can put them back.
    /// </summary>
    public IReadOnlyList<(int BeforeBox, PdRecord Record)> OtherRecords { get; init; } = [];

    /// <summary>1-based line of the <c>#N canvas</c> record.</summary>
    public int Line { get; init; }

    /// <summary>The subpatch name from the header (e.g. <c>pd foo</c> → <c>foo</c>), null for the root.</summary>
    public string? Name => !IsRoot && Header.Count >= 5 ? Header[4].Value : null;

    /// <summary>Every canvas in this one, depth first, this one included.</summary>
    public IEnumerable<PdCanvas> SelfAndDescendants()
    {
        yield return this;
        foreach (var box in Boxes)
            if (box.Subcanvas is { } sub)
                foreach (var c in sub.SelfAndDescendants()) yield return c;
    }
}
