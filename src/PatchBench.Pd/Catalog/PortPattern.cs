namespace PatchBench.Pd.Catalog;

/// <summary>
/// The catalog's compact spelling of a row of ports: one letter per port, <c>s</c> for a signal
/// port and <c>c</c> for a control port, left to right (<c>"sc"</c> = signal inlet, then control inlet).
/// </summary>
public static class PortPattern
{
    /// <summary>Reads a pattern such as <c>"scc"</c>; throws <see cref="FormatException"/> naming the bad letter.</summary>
    public static PortKind[] Parse(string pattern)
    {
        var kinds = new PortKind[pattern.Length];
        for (var i = 0; i < pattern.Length; i++)
        {
            kinds[i] = pattern[i] switch
            {
                'c' => PortKind.Control,
                's' => PortKind.Signal,
                _ => throw new FormatException($"port pattern \"{pattern}\": letter '{pattern[i]}' at {i} is neither 'c' (control) nor 's' (signal)"),
            };
        }
        return kinds;
    }

    /// <summary>Spells ports as a pattern (the inverse of <see cref="Parse"/>).</summary>
    public static string Format(IEnumerable<PortKind> kinds) =>
        string.Concat(kinds.Select(k => k == PortKind.Signal ? 's' : 'c'));

    /// <summary>True when the pattern has only the letters <c>c</c> and <c>s</c>.</summary>
    public static bool IsValid(string pattern) => pattern.All(ch => ch is 'c' or 's');
}
