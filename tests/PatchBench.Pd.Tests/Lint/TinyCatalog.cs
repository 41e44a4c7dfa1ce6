using PatchBench.Pd.Catalog;
using PatchBench.Pd.Syntax;

namespace PatchBench.Pd.Tests.Lint;

/// <summary>A hand-written catalog of a dozen vanilla classes, so rule tests do not depend on the probed catalog's data.</summary>
public sealed class TinyCatalog : IObjectCatalog
{
    private const PortKind C = PortKind.Control, S = PortKind.Signal;

    private static readonly Dictionary<string, string> Aliases = new()
    {
        ["f"] = "float", ["t"] = "trigger", ["s"] = "send", ["r"] = "receive",
    };

    public string Profile => "tiny";

    public string? CanonicalName(string className)
    {
        string name = Aliases.GetValueOrDefault(className, className);
        return name is "float" or "print" or "osc~" or "+~" or "dac~" or "trigger" or "send" or "receive" or "loadbang"
            or "inlet" or "inlet~" or "outlet" or "outlet~" or "metro" or "text" or "table" or "clone" ? name : null;
    }

    public ObjectPorts? Ports(string className, IReadOnlyList<PdAtom> arguments) => CanonicalName(className) switch
    {
        "float" => new([C, C], [C]),
        "print" => new([C], []),
        "osc~" => new([S, C], [S]),
        "+~" => new([S, arguments.Count > 0 ? C : S], [S]),
        "dac~" => new([S, S], []),
        "trigger" => new([C], Enumerable.Repeat(C, Math.Max(2, arguments.Count)).ToArray()),
        "send" => arguments.Count > 0 ? new([C], []) : new([C, C], []),
        "receive" => arguments.Count > 0 ? new([], [C]) : new([C], [C]),
        "loadbang" => new([], [C]),
        "inlet" => new([], [C]),
        "inlet~" => new([], [S]),
        "outlet" => new([C], []),
        "outlet~" => new([S], []),
        "metro" => new([C, C], [C]),
        "text" => new([C], [C, C]),
        "table" => new([C], [C]),
        _ => null,
    };
}

/// <summary>Abstractions held in memory: path → text.</summary>
public sealed class MemoryAbstractions(Dictionary<string, string> files, params string[] standardPaths) : PatchBench.Pd.Lint.IAbstractionResolver
{
    public IReadOnlyList<string> StandardPaths => standardPaths;
    public string? ReadPatch(string path) => files.GetValueOrDefault(path);
    public bool HasExternal(string directory, string name) => false;
}

/// <summary>Abstractions and externals on disk, as the command line finds them.</summary>
public sealed class DiskAbstractions : PatchBench.Pd.Lint.IAbstractionResolver
{
    public IReadOnlyList<string> StandardPaths { get; } = ["/usr/lib/puredata/extra"];
    public string? ReadPatch(string path) => File.Exists(path) ? File.ReadAllText(path) : null;
    public bool HasExternal(string directory, string name) =>
        File.Exists(Path.Combine(directory, name + ".pd_linux")) || File.Exists(Path.Combine(directory, name, name + ".pd_linux"));
}
