using PatchBench.Pd.Catalog;
using PatchBench.Pd.Syntax;

namespace PatchBench.Pd.Tests.Graph;

/// <summary>
/// A small stand-in catalog: Pd's aliases for the classes the graph tests use. Ports are unknown,
/// which the graph does not need.
/// </summary>
public sealed class AliasCatalog : IObjectCatalog
{
    public static AliasCatalog Instance { get; } = new();

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["t"] = "trigger", ["f"] = "float", ["sel"] = "select", ["s"] = "send", ["r"] = "receive",
        ["b"] = "bang", ["i"] = "int", ["s~"] = "send~", ["r~"] = "receive~", ["v"] = "value",
        ["toggle"] = "tgl", ["hslider"] = "hsl", ["vslider"] = "vsl", ["my_numbox"] = "nbx", ["my_canvas"] = "cnv",
        ["del"] = "delay", ["sym"] = "symbol", ["tabread4~"] = "tabread4~",
    };

    /// <summary>Every alias with its canonical name, for tests that swap spellings.</summary>
    public static IReadOnlyDictionary<string, string> AliasTable => Aliases;

    public string Profile => "test-aliases";

    public string? CanonicalName(string className) => Aliases.GetValueOrDefault(className, className);

    public ObjectPorts? Ports(string className, IReadOnlyList<PdAtom> arguments) => null;
}
