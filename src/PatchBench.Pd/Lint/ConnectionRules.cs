using PatchBench.Pd.Model;

namespace PatchBench.Pd.Lint;

/// <summary>
/// Replays a canvas's <c>#X connect</c> records as Pd's <c>canvas_connect</c> does (box lookup,
/// patchability, duplicates, dummy ports of boxes that failed to create, outlet and inlet range),
/// then checks what Pd checks when DSP is switched on: signal outlets into control inlets, and loops.
/// </summary>
internal static class ConnectionRules
{
    /// <summary>Checks the connections of <paramref name="canvas"/>, whose created boxes are <paramref name="live"/> in Pd's order.</summary>
    public static void Check(PdCanvas canvas, IReadOnlyList<BoxModel> live, List<PdDiagnostic> diagnostics)
    {
        var made = new HashSet<(int, int, int, int)>(canvas.Connections.Count);
        var established = new List<PdConnection>(canvas.Connections.Count);
        void Fail(PdConnection c, string code, string message) =>
            diagnostics.Add(new PdDiagnostic(c.Line, c.Column, code, PdSeverity.Error, message + ": Pd reports 'connection failed'"));

        foreach (var c in canvas.Connections)
        {
            if (c.Source < 0 || c.Source >= live.Count || c.Sink < 0 || c.Sink >= live.Count)
            {
                int missing = c.Source < 0 || c.Source >= live.Count ? c.Source : c.Sink;
                Fail(c, PdLintCodes.NoSuchBox, $"{Where(c)}: there is no box {missing} (this canvas has {Count(live.Count, "box", "boxes")}, numbered from 0)");
                continue;
            }
            var src = live[c.Source];
            var sink = live[c.Sink];
            if (src.Patching == BoxPatching.Unpatchable || sink.Patching == BoxPatching.Unpatchable)
            {
                var which = src.Patching == BoxPatching.Unpatchable ? src : sink;
                Fail(c, PdLintCodes.Unpatchable, $"{Where(c)}: {which.DisplayName} cannot be connected");
                continue;
            }
            if (made.Contains((c.Source, c.Outlet, c.Sink, c.Inlet)))
            {
                Fail(c, PdLintCodes.DuplicateConnection, $"{Where(c)}: {src.DisplayName} outlet {c.Outlet} is already connected to {sink.DisplayName} inlet " +
                    $"{c.Inlet}");
                continue;
            }
            if (c.Outlet < 0 || (src.Patching == BoxPatching.Fixed && c.Outlet >= src.Ports.Outlets.Count))
            {
                Fail(c, PdLintCodes.OutletOutOfRange, $"{Where(c)}: {src.DisplayName} has {Count(src.Ports.Outlets.Count, "outlet")}, so there is no outlet " +
                    $"{c.Outlet}");
                continue;
            }
            if (c.Inlet < 0 || (sink.Patching == BoxPatching.Fixed && c.Inlet >= sink.Ports.Inlets.Count))
            {
                Fail(c, PdLintCodes.InletOutOfRange, $"{Where(c)}: {sink.DisplayName} has {Count(sink.Ports.Inlets.Count, "inlet")}, so there is no inlet " +
                    $"{c.Inlet}");
                continue;
            }
            made.Add((c.Source, c.Outlet, c.Sink, c.Inlet));
            established.Add(c);
        }

        // DSP time (d_ugen.c ugen_connect): a signal into a message-only inlet, unless the sink failed to create.
        foreach (var c in established)
        {
            var src = live[c.Source];
            var sink = live[c.Sink];
            if (src.IsSignalOutlet(c.Outlet) && sink.Patching == BoxPatching.Fixed && !sink.IsSignalInlet(c.Inlet))
                diagnostics.Add(new PdDiagnostic(c.Line, c.Column, PdLintCodes.SignalIntoControl, PdSeverity.Error,
                    $"'#X connect {c.Source} {c.Outlet} {c.Sink} {c.Inlet}': signal outlet {c.Outlet} of {src.DisplayName} goes to inlet {c.Inlet} of " +
                        $"{sink.DisplayName}, which takes no signals: " +
                    "Pd reports 'audio signal outlet connected to nonsignal inlet (ignored)' when DSP is on"));
        }

        CheckDspLoop(live, established, diagnostics);
        CheckFanOut(live, established, diagnostics);
    }

    private static void CheckDspLoop(IReadOnlyList<BoxModel> live, List<PdConnection> established, List<PdDiagnostic> diagnostics)
    {
        // A subpatch or abstraction counts as one node whose signal inputs reach all its outputs.
        var edges = new List<PdConnection>[live.Count];
        foreach (var c in established)
            if (live[c.Source].IsSignalOutlet(c.Outlet) && live[c.Sink].IsSignalInlet(c.Inlet))
                (edges[c.Source] ??= []).Add(c);
        var state = new byte[live.Count]; // 0 unvisited, 1 on the stack, 2 done
        for (int start = 0; start < live.Count; start++)
        {
            if (state[start] != 0 || edges[start] is null) continue;
            // Iterative depth-first search, so deep chains cannot overflow the stack.
            var stack = new Stack<(int Node, int Next)>();
            stack.Push((start, 0));
            state[start] = 1;
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                var outs = edges[node];
                if (outs is null || next >= outs.Count) { state[node] = 2; continue; }
                stack.Push((node, next + 1));
                var c = outs[next];
                if (state[c.Sink] == 1)
                {
                    diagnostics.Add(new PdDiagnostic(c.Line, c.Column, PdLintCodes.DspLoop, PdSeverity.Error,
                        $"'#X connect {c.Source} {c.Outlet} {c.Sink} {c.Inlet}' closes a loop of signal connections through {live[c.Sink].DisplayName}: " +
                        "Pd reports 'DSP loop detected (some tilde objects not scheduled)' when DSP is on"));
                    return; // Pd reports a loop once per DSP graph
                }
                if (state[c.Sink] == 0) { state[c.Sink] = 1; stack.Push((c.Sink, 0)); }
            }
        }
    }

    private static void CheckFanOut(IReadOnlyList<BoxModel> live, List<PdConnection> established, List<PdDiagnostic> diagnostics)
    {
        if (established.Count < 2) return;
        var byOutlet = new Dictionary<(int, int), (int Count, PdConnection Second)>();
        foreach (var c in established)
        {
            var key = (c.Source, c.Outlet);
            byOutlet[key] = byOutlet.TryGetValue(key, out var seen) ? (seen.Count + 1, seen.Count == 1 ? c : seen.Second) : (1, c);
        }
        foreach (var ((source, outlet), (count, second)) in byOutlet)
        {
            var src = live[source];
            if (count < 2 || src.IsSignalOutlet(outlet) || src.Patching != BoxPatching.Fixed) continue;
            diagnostics.Add(new PdDiagnostic(second.Line, second.Column, PdLintCodes.FanOutWithoutTrigger, PdSeverity.Warning,
                $"outlet {outlet} of {src.DisplayName} (box {source}) feeds {count} inlets; the order they receive messages in is not visible: use [trigger]"));
        }
    }

    // Built only for a finding: most connections are fine.
    private static string Where(PdConnection c) => $"'#X connect {c.Source} {c.Outlet} {c.Sink} {c.Inlet}'";

    private static string Count(int n, string what, string? plural = null) =>
        n switch { 0 => $"no {plural ?? what + "s"}", 1 => $"1 {what}", _ => $"{n} {plural ?? what + "s"}" };
}
