using PatchBench.Pd.Catalog;
using PatchBench.Pd.Model;

namespace PatchBench.Pd.Lint;

/// <summary>How a box behaves when Pd connects to it.</summary>
public enum BoxPatching
{
    /// <summary>A normal box with a fixed set of inlets and outlets.</summary>
    Fixed,
    /// <summary>
    /// An object box Pd could not create, or an empty one: Pd makes dummy inlets and outlets on demand,
    /// so every connection to it succeeds and none of them carries a signal.
    /// </summary>
    Dummy,
    /// <summary>An array or scalar: no connection to or from it succeeds.</summary>
    Unpatchable,
}

/// <summary>A box as Pd instantiates it: its ports and how it patches.</summary>
/// <param name="Box">The parsed box.</param>
/// <param name="Ports">Its inlets and outlets (empty for dummy and unpatchable boxes).</param>
/// <param name="Patching">How connections to it behave.</param>
public sealed record BoxModel(PdBox Box, ObjectPorts Ports, BoxPatching Patching)
{
    /// <summary>The name to show in messages, e.g. <c>[osc~ 440]</c> or <c>message box [bang(</c>; built only when needed.</summary>
    public string DisplayName => Describe(Box);

    /// <summary>True when the outlet exists and carries a signal.</summary>
    public bool IsSignalOutlet(int outlet) =>
        Patching == BoxPatching.Fixed && outlet >= 0 && outlet < Ports.Outlets.Count && Ports.Outlets[outlet] == PortKind.Signal;

    /// <summary>True when the inlet exists and takes signals.</summary>
    public bool IsSignalInlet(int inlet) =>
        Patching == BoxPatching.Fixed && inlet >= 0 && inlet < Ports.Inlets.Count && Ports.Inlets[inlet] == PortKind.Signal;

    /// <summary>How a box is named in messages.</summary>
    public static string Describe(PdBox box) => box.Kind switch
    {
        PdBoxKind.Message => $"message box [{Short(box.Text)}(",
        PdBoxKind.Comment => $"comment '{Short(box.Text)}'",
        PdBoxKind.FloatAtom => "number box",
        PdBoxKind.SymbolAtom => "symbol box",
        PdBoxKind.ListBox => "list box",
        PdBoxKind.Array => $"array {(box.Content.Count > 0 ? box.Content[0].Value : "")}",
        PdBoxKind.Scalar => "scalar",
        PdBoxKind.Graph => "graph",
        _ => $"[{Short(box.Text)}]",
    };

    private static string Short(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
