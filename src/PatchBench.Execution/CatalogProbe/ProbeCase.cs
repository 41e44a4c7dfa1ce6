namespace PatchBench.Execution.CatalogProbe;

/// <summary>One object box to ask Pd about: <c>[Name Arguments]</c>.</summary>
/// <param name="Name">The class name as typed (<c>t</c>, <c>list append</c>: a multi-word name is the first words of the box).</param>
/// <param name="Arguments">The arguments in .pd file syntax (escapes such as <c>\;</c> and <c>\$</c> included), possibly empty.</param>
public sealed record ProbeCase(string Name, string Arguments)
{
    /// <summary>The box content as written after <c>#X obj x y</c>.</summary>
    public string BoxText => Arguments.Length == 0 ? Name : $"{Name} {Arguments}";
}

/// <summary>What Pd reported for one <see cref="ProbeCase"/>.</summary>
/// <param name="Case">The box asked about.</param>
/// <param name="Created">False when Pd printed "couldn't create" for it.</param>
/// <param name="PdClassName">The class name Pd printed in its "connection failed" lines (e.g. <c>trigger</c> for <c>t</c>; <c>canvas</c> for an
/// abstraction).</param>
/// <param name="Inlets">The inlets found, as a port pattern (<c>s</c> signal, <c>c</c> control).</param>
/// <param name="Outlets">The outlets found, as a port pattern.</param>
/// <param name="Evidence">The Pd output lines the verdict rests on (failed connections and DSP-time errors), for the record.</param>
/// <param name="Unprobed">Why Pd gave no answer for this box (it hung past the probe's per-case timeout and was killed, or exited), or null.
/// Such an observation says nothing about the class: <see cref="Created"/> is false but does not mean Pd refused it.</param>
public sealed record ProbeObservation(ProbeCase Case, bool Created, string? PdClassName, string Inlets, string Outlets, IReadOnlyList<string> Evidence,
    string? Unprobed = null);
