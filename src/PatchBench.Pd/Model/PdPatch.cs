using PatchBench.Pd.Syntax;

namespace PatchBench.Pd.Model;

/// <summary>A parsed Pd file: its root canvas, everything found wrong while reading it, and its records.</summary>
/// <param name="Root">The root canvas (an empty one when the file has none).</param>
/// <param name="Diagnostics">Problems found while parsing; never null.</param>
/// <param name="Records">Every record in file order, for tools that need the raw form.</param>
public sealed record PdPatch(PdCanvas Root, IReadOnlyList<PdDiagnostic> Diagnostics, IReadOnlyList<PdRecord> Records)
{
    /// <summary>Every canvas, depth first, root first.</summary>
    public IEnumerable<PdCanvas> Canvases => Root.SelfAndDescendants();

    /// <summary>True when the parser found an error-severity problem.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == PdSeverity.Error);
}
