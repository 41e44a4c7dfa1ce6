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
    /// <summary>The tag, e.g. <c>#X</c>; empty when the record has no atoms.</summary>
    public string Tag => Atoms.Count > 0 ? Atoms[0].Value : "";

    /// <summary>The record's first message split at top-level commas: element 0 is the tag's message.</summary>
    public IReadOnlyList<IReadOnlyList<PdAtom>> Messages
    {
        get
        {
            // Most records have no comma: one segment of the atoms after the tag, without copying.
            if (Atoms is PdAtom[] array && Array.FindIndex(array, 1, a => a.Kind == PdAtomKind.Comma) < 0)
                return [array.Length > 1 ? new ArraySegment<PdAtom>(array, 1, array.Length - 1) : []];
            var result = new List<IReadOnlyList<PdAtom>>();
            var current = new List<PdAtom>();
            for (int i = 1; i < Atoms.Count; i++)
            {
                if (Atoms[i].Kind == PdAtomKind.Comma) { result.Add(current); current = new List<PdAtom>(); }
                else current.Add(Atoms[i]);
            }
            result.Add(current);
            return result;
        }
    }

    /// <summary>The selector of the first message (<c>obj</c>, <c>canvas</c>, <c>connect</c>…), or empty.</summary>
    public string Selector => Atoms.Count > 1 ? Atoms[1].Value : "";
}
