namespace PatchBench.Pd.Syntax;

/// <summary>
/// One record of a Pd file: the atoms from a <c>#N</c>/<c>#X</c>/<c>#A</c> tag up to the
/// unescaped <c>;</c> that ends it. A record may hold several messages separated by unescaped
/// commas (<c>#X obj 10 10 osc~, f 12;</c>).
/// </summary>
/// <param name="Atoms">All atoms of the record, the tag first, the final semicolon excluded.</param>
/// <param name="Line">1-based line where the record starts.</param>
/// <param name="Column">1-based column where the record starts.</param>
/// <param name="Terminated">False when the file ended before the record's <c>;</c>.</param>
public sealed record PdRecord(IReadOnlyList<PdAtom> Atoms, int Line, int Column, bool Terminated = true)
{
    // The atoms as an array when they are one (always, from the reader), kept beside them so the hot paths
    // index the array without an interface call or a type test; set together with Atoms, so equality is unchanged.
    private readonly IReadOnlyList<PdAtom> _atoms = Atoms;
    private readonly PdAtom[]? _array = Atoms as PdAtom[];

    /// <summary>All atoms of the record, the tag first, the final semicolon excluded.</summary>
    public IReadOnlyList<PdAtom> Atoms
    {
        get => _atoms;
        init { _atoms = value; _array = value as PdAtom[]; }
    }

    /// <summary>The tag, e.g. <c>#X</c>; empty when the record has no atoms.</summary>
    public string Tag => _array is { } a ? (a.Length > 0 ? a[0].Value : "") : Atoms.Count > 0 ? Atoms[0].Value : "";

    /// <summary>The record's first message split at top-level commas: element 0 is the tag's message.</summary>
    public IReadOnlyList<IReadOnlyList<PdAtom>> Messages
    {
        get
        {
            var array = AtomArray;
            // Most records have no comma: one segment of the atoms after the tag, without copying.
            if (FirstComma(array) < 0)
                return [array.Length > 1 ? new ArraySegment<PdAtom>(array, 1, array.Length - 1) : Array.Empty<PdAtom>()];
            var result = new List<IReadOnlyList<PdAtom>>();
            int start = 1;
            for (int i = 1; i <= array.Length; i++)
            {
                if (i < array.Length && array[i].Kind != PdAtomKind.Comma) continue;
                result.Add(array.AsSpan(start, i - start).ToArray());
                start = i + 1;
            }
            return result;
        }
    }

    /// <summary>The selector of the first message (<c>obj</c>, <c>canvas</c>, <c>connect</c>…), or empty.</summary>
    public string Selector => Atoms.Count > 1 ? Atoms[1].Value : "";

    /// <summary>The atoms as an array: the reader's own array, without copying (a copy only for records built from another list).</summary>
    internal PdAtom[] AtomArray => _array ?? [.. _atoms];

    /// <summary>The first message (the atoms after the tag up to the first top-level comma), without copying.</summary>
    internal ArraySegment<PdAtom> FirstMessage
    {
        get
        {
            var array = AtomArray;
            if (array.Length <= 1) return ArraySegment<PdAtom>.Empty;
            int comma = FirstComma(array);
            return new ArraySegment<PdAtom>(array, 1, (comma < 0 ? array.Length : comma) - 1);
        }
    }

    /// <summary>True when the record holds more than one message (a top-level comma after the tag).</summary>
    internal bool HasComma => FirstComma(AtomArray) >= 0;

    private static int FirstComma(PdAtom[] array)
    {
        for (int i = 1; i < array.Length; i++)
            if (array[i].Kind == PdAtomKind.Comma) return i;
        return -1;
    }
}
