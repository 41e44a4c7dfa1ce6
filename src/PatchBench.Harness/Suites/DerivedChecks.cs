using PatchBench.Pd.Model;
using YamlDotNet.RepresentationModel;

namespace PatchBench.Harness.Suites;

/// <summary>
/// Checks nobody authored, derived from a reference's own behaviour, for items that come without checks (<c>suite
/// import</c>): drive its inputs (see <see cref="Stimulus"/>), then what its outputs print must equal what the
/// reference prints, and what reaches its dac~ must sound like the reference's. Each is marked <c>derived: true</c>
/// so records and the site count it apart from authored checks.
/// </summary>
public static class DerivedChecks
{
    /// <summary>
    /// The <c>checks:</c> block for an item file. A reference with neither outputs nor dac~ gets <c>checks: []</c>
    /// (with a comment), and the item does not load until checks are written.
    /// </summary>
    public static string Yaml(PdCanvas root)
    {
        var iface = PatchInterface.Find(root);
        string press = Stimulus(iface);
        var sb = new System.Text.StringBuilder("checks:\n");
        if (iface.Outputs.Any(o => o.Kind != OutputKind.Dac))
            sb.Append("  - name: outputs as the reference (derived)\n    derived: true\n    steps:\n").Append(press)
              .Append("      - wait: 500\n      - observe: outputs\n    expect:\n      outputs: from-reference\n");
        if (iface.Outputs.Any(o => o.Kind == OutputKind.Dac))
            sb.Append("  - name: sounds like the reference (derived)\n    derived: true\n    steps:\n").Append(press)
              .Append("      - record-audio: 500\n    expect:\n      audio: {like-reference: spectrum}\n");
        return sb.Length == "checks:\n".Length ? "checks: []   # no outputs and no dac~ to derive checks from: write them (docs/suites.md)\n" : sb.ToString();
    }

    /// <summary>
    /// The steps played before observing: number boxes set (the last first, so a cold inlet is set before the hot one;
    /// then the first to 7 and to -2, so the output follows more than one value), toggles switched on, then the first bang
    /// or message box pressed. Without any a number-box patch prints nothing and a check "as the reference" would mean
    /// nothing.
    /// </summary>
    private static string Stimulus(PatchInterface iface)
    {
        var sb = new System.Text.StringBuilder();
        int numbers = Math.Min(iface.Inputs.Count(i => i.Kind == InputKind.Number), 3);
        for (var k = numbers; k >= 1; k--) sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"      - set: {{input: {k}, value: {k + 2}}}\n");
        if (numbers > 0) sb.Append("      - set: {input: 1, value: 7}\n      - set: {input: 1, value: -2}\n");
        int toggles = Math.Min(iface.Inputs.Count(i => i.Kind == InputKind.Toggle), 3);
        for (var k = 1; k <= toggles; k++) sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"      - toggle: {{input: {k}, value: 1}}\n");
        if (iface.Inputs.Any(i => i.Kind is InputKind.Bang or InputKind.Message)) sb.Append("      - bang: 1\n");
        return sb.ToString();
    }

    /// <summary>
    /// The same checks as <see cref="Yaml"/> writes, read back as a loaded item would have them (empty when the reference
    /// has nothing to derive from): to measure derived checks on an item that also has authored ones.
    /// </summary>
    public static IReadOnlyList<FunctionalCheck> For(PdCanvas root)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Yaml(root)));
        var node = ((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("checks")];
        var problems = new List<SuiteProblem>();
        var checks = CheckParser.Parse(node, "(derived)", problems);
        if (problems.Count > 0) throw new InvalidOperationException($"derived checks do not parse: {problems[0]}");
        return checks;
    }
}
