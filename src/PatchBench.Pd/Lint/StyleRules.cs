using PatchBench.Pd.Model;
using PatchBench.Pd.Syntax;

namespace PatchBench.Pd.Lint;

/// <summary>Findings Pd accepts silently but a Pd expert would flag.</summary>
internal static class StyleRules
{
    /// <summary>Checks the created boxes of one canvas.</summary>
    public static void Check(PdCanvas canvas, IReadOnlyList<BoxModel> live, bool rootHasArguments, List<PdDiagnostic> diagnostics)
    {
        bool[]? fed = null; // boxes something connects to; made at the first [dac~]
        for (int i = 0; i < live.Count; i++)
        {
            var box = live[i].Box;
            if (box.Kind != PdBoxKind.Object || box.Content.Count == 0) continue;
            if (box.Content[0].Value == "dac~" && !(fed ??= FedBoxes(canvas, live.Count))[i])
                diagnostics.Add(new PdDiagnostic(box.Line, box.Column, PdLintCodes.SilentDac, PdSeverity.Warning,
                    $"{live[i].DisplayName} has nothing connected to it, so it plays silence"));
            string? dollar = null;
            for (int a = 1; a < box.Content.Count && dollar is null; a++)
                if (IsArgumentDollar(box.Content[a])) dollar = box.Content[a].Text;
            if (!rootHasArguments && dollar is not null)
                diagnostics.Add(new PdDiagnostic(box.Line, box.Column, PdLintCodes.DollarInRootPatch, PdSeverity.Warning,
                    $"{live[i].DisplayName} uses '{dollar}', which is 0 (or empty) when this file is opened as a patch rather than used as an abstraction"));
        }
    }

    private static bool[] FedBoxes(PdCanvas canvas, int count)
    {
        var fed = new bool[count];
        foreach (var c in canvas.Connections)
            if ((uint)c.Sink < (uint)count) fed[c.Sink] = true;
        return fed;
    }

    private static bool IsArgumentDollar(PdAtom atom) =>
        atom.Kind is PdAtomKind.Dollar or PdAtomKind.DollarSymbol && HasNumberedDollar(atom.Value);

    private static bool HasNumberedDollar(string value)
    {
        for (int i = 0; i + 1 < value.Length; i++)
            if (value[i] == '$' && value[i + 1] is >= '1' and <= '9') return true;
        return false;
    }
}
