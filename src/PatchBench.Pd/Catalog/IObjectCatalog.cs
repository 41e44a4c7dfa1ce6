using PatchBench.Pd.Syntax;

namespace PatchBench.Pd.Catalog;

/// <summary>Whether an inlet or outlet carries audio signals or control messages.</summary>
public enum PortKind
{
    /// <summary>Messages only.</summary>
    Control,
    /// <summary>An audio signal (a signal inlet also takes floats where Pd allows it).</summary>
    Signal,
}

/// <summary>The inlets and outlets a box has for its creation arguments, left to right.</summary>
/// <param name="Inlets">One entry per inlet.</param>
/// <param name="Outlets">One entry per outlet.</param>
public sealed record ObjectPorts(IReadOnlyList<PortKind> Inlets, IReadOnlyList<PortKind> Outlets)
{
    /// <summary>A box with no inlets or outlets (a comment, an empty object box).</summary>
    public static ObjectPorts None { get; } = new([], []);
}

/// <summary>
/// What Pd knows about object classes in one profile (vanilla, or vanilla plus a library):
/// which names exist, which are aliases, and how many inlets/outlets of which kind an object has
/// for given creation arguments.
/// </summary>
public interface IObjectCatalog
{
    /// <summary>The profile name, e.g. <c>vanilla</c>.</summary>
    string Profile { get; }

    /// <summary>The canonical class for a name (<c>t</c> → <c>trigger</c>), or null when the name is unknown.</summary>
    string? CanonicalName(string className);

    /// <summary>The ports of an object box <c>[className arguments…]</c>, or null when the class is unknown.</summary>
    ObjectPorts? Ports(string className, IReadOnlyList<PdAtom> arguments);
}
