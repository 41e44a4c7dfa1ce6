using PatchBench.Pd.Catalog;
using PatchBench.Pd.Syntax;

namespace PatchBench.Pd.Tests.Graph;

/// <summary>
/// Pd's aliases for common classes, as a small catalog with no port data. The respelling edit
/// uses the table to write each class the other way; the graph tests then resolve both spellings
/// through the real <c>ObjectCatalog.Vanilla</c>, so they also check the catalog's aliases.
/// </summary>
public sealed class AliasCatalog : IObjectCatalog
{
    public static AliasCatalog Instance { get; } = new();

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["t"] = "trigger", ["f"] = "float", ["sel"] = "select", ["s"] = "send", ["r"] = "receive",
        ["b"] = "bang", ["i"] = "int", ["s~"] = "send~", ["r~"] = "receive~", ["v"] = "value",
        ["toggle"] = "tgl", ["hslider"] = "hsl", ["vslider"] = "vsl", ["my_numbox"] = "nbx", ["my_canvas"] = "cnv",
        ["del"] = "delay", ["hdl"] = "hradio", ["vdl"] = "vradio",
    };

    /// <summary>Every alias with its canonical name, for tests that swap spellings.</summary>
    public static IReadOnlyDictionary<string, string> AliasTable => Aliases;

    public string Profile => "test-aliases";

    public string? CanonicalName(string className) => Aliases.GetValueOrDefault(className, className);

    public ObjectPorts? Ports(string className, IReadOnlyList<PdAtom> arguments) => null;
}
