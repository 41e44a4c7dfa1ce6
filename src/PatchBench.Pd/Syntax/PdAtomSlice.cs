namespace PatchBench.Pd.Syntax;

/// <summary>Read-only views of atom lists without copying them.</summary>
internal static class PdAtomSlice
{
    /// <summary>The atoms from <paramref name="start"/> on: a view of the same array when they are one (always, from the parser).</summary>
    public static IReadOnlyList<PdAtom> From(IReadOnlyList<PdAtom> atoms, int start) => atoms switch
    {
        _ when atoms.Count <= start => Array.Empty<PdAtom>(),
        ArraySegment<PdAtom> segment => segment.Slice(start),
        PdAtom[] array => new ArraySegment<PdAtom>(array, start, array.Length - start),
        _ => atoms.Skip(start).ToArray(),
    };
}
