namespace PatchBench.Execution.CatalogProbe;

/// <summary>The probe's record of what Pd said about each box, one line per box, for the repository.</summary>
public static class ProbeTranscript
{
    /// <summary>
    /// <c>[box] -> class inlets/outlets | evidence…</c>, <c>[box] couldn't create | Pd's lines</c>, or
    /// <c>[box] unprobed: reason | Pd's last lines</c> for a box Pd hung in or died on.
    /// Pd's own lines are quoted after the summary, <c>out k:</c>/<c>in k:</c> naming the step they came from.
    /// </summary>
    public static string Line(ProbeObservation o) => o.Unprobed is not null
        ? $"[{o.Case.BoxText}] unprobed: {o.Unprobed} | {string.Join(" | ", o.Evidence)}"
        : o.Created
        ? $"[{o.Case.BoxText}] -> {o.PdClassName} {o.Inlets}/{o.Outlets} | {string.Join(" | ", o.Evidence)}"
        : $"[{o.Case.BoxText}] couldn't create | {string.Join(" | ", o.Evidence)}";
}
