using PatchBench.Pd.Syntax;

namespace PatchBench.Pd.Catalog;

/// <summary>
/// <c>expr</c>: the ports of <c>[expr]</c>, <c>[expr~]</c> and <c>[fexpr~]</c> follow from the
/// expression text, as Pd's x_vexp parser reads it. Inlet N exists when some <c>$fN</c>, <c>$iN</c>,
/// <c>$sN</c>, <c>$vN</c> or <c>$xN</c> (any case) has N at least as large (at least one inlet); a
/// <c>$v</c>/<c>$x</c> inlet is a signal inlet, and the first inlet of <c>expr~</c>/<c>fexpr~</c> is
/// always a signal. One outlet per expression (expressions are separated by <c>;</c>), signal for
/// the tilde flavours. <c>$y</c> (fexpr~'s past outputs) adds no inlet.
/// </summary>
/// <param name="SignalFlavour">False for <c>expr</c>; true for <c>expr~</c> and <c>fexpr~</c>.</param>
public sealed record ExprRule(bool SignalFlavour) : PortRule
{
    /// <inheritdoc />
    public override string Kind => "expr";

    /// <inheritdoc />
    public override PortRuleResult Evaluate(IReadOnlyList<PdAtom> arguments)
    {
        var expressions = 1;
        var inletKinds = new SortedDictionary<int, char>();
        foreach (var a in arguments)
        {
            // In a saved box the separator is an escaped \\; (a symbol), typed in a message it is a semicolon atom.
            if (a.Kind == PdAtomKind.Semicolon || (a.Kind == PdAtomKind.Symbol && a.Value == ";")) { expressions++; continue; }
            if (a.Kind == PdAtomKind.Comma) continue;
            ScanVariables(a.Value, inletKinds);
        }
        var inletCount = inletKinds.Count == 0 ? 1 : Math.Max(1, inletKinds.Keys.Max());
        var inlets = new PortKind[inletCount];
        for (var i = 0; i < inletCount; i++)
        {
            var letter = inletKinds.GetValueOrDefault(i + 1, 'f');
            inlets[i] = SignalFlavour && (i == 0 || letter is 'v' or 'x') ? PortKind.Signal : PortKind.Control;
        }
        var outletKind = SignalFlavour ? PortKind.Signal : PortKind.Control;
        return new PortRuleResult.Created(new ObjectPorts(inlets, Enumerable.Repeat(outletKind, expressions).ToArray()));
    }

    /// <summary>Finds <c>$&lt;letter&gt;&lt;N&gt;</c> inlet variables in one word of the expression.</summary>
    private static void ScanVariables(string word, SortedDictionary<int, char> inletKinds)
    {
        for (var i = 0; i + 1 < word.Length; i++)
        {
            if (word[i] != '$') continue;
            var letter = char.ToLowerInvariant(word[i + 1]);
            if (letter is not ('f' or 'i' or 's' or 'v' or 'x')) continue;
            var j = i + 2;
            var n = 0;
            while (j < word.Length && char.IsAsciiDigit(word[j]) && n < 10000) n = n * 10 + (word[j++] - '0');
            if (j == i + 2)
            {
                if (letter == 'x') n = 1; // $x[…] is short for $x1[…]
                else continue;
            }
            if (n >= 1) inletKinds.TryAdd(n, letter);
        }
    }
}
