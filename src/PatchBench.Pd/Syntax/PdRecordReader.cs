namespace PatchBench.Pd.Syntax;

/// <summary>Groups atoms into records ending at unescaped semicolons. Never throws.</summary>
public static class PdRecordReader
{
    /// <summary>Reads every record in <paramref name="text"/>.</summary>
    public static List<PdRecord> Read(string text)
    {
        var tokenizer = new PdTokenizer(text);
        var records = new List<PdRecord>();
        var current = new List<PdAtom>();
        while (tokenizer.Next(out var atom))
        {
            if (atom.Kind == PdAtomKind.Semicolon)
            {
                if (current.Count > 0) records.Add(Make(current, true));
                current.Clear();
            }
            else current.Add(atom);
        }
        if (current.Count > 0) records.Add(Make(current, false));
        return records;
    }

    private static PdRecord Make(List<PdAtom> atoms, bool terminated) =>
        new(atoms.ToArray(), atoms[0].Line, atoms[0].Column, terminated);
}
