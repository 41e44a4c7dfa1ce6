namespace PatchBench.Pd.Model;

/// <summary>A <c>#X connect</c> record: from an outlet of one box to an inlet of another.</summary>
/// <param name="Source">Index of the source box in the canvas.</param>
/// <param name="Outlet">0-based outlet number.</param>
/// <param name="Sink">Index of the sink box.</param>
/// <param name="Inlet">0-based inlet number.</param>
/// <param name="Line">1-based line of the record.</param>
/// <param name="Column">1-based column of the record.</param>
public sealed record PdConnection(int Source, int Outlet, int Sink, int Inlet, int Line = 0, int Column = 0);
