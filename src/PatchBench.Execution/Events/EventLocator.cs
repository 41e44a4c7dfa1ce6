using PatchBench.Pd.Model;

namespace PatchBench.Execution.Events;

/// <summary>
/// Maps events back to the candidate's boxes and lines. Pd 0.53 names the box text for
/// "couldn't create", the canvas and indices for "connection failed", and the class for most
/// object errors; for DSP loops, signal-to-control connections and stack overflows it names
/// nothing, so those get the first plausible spot in the graph (a cycle, a tilde-to-control wire).
/// </summary>
public static class EventLocator
{
    private sealed record Located(PdBox Box, PdCanvas Canvas, IReadOnlyList<int> Path);

    /// <summary>Returns the events with <see cref="PdEvent.Line"/> and <see cref="PdEvent.BoxPath"/> filled where they can be told.</summary>
    /// <param name="events">Parsed events.</param>
    /// <param name="patch">The candidate as our parser read it (line numbers of the original file).</param>
    /// <param name="candidateFileName">The file name Pd knows the candidate's root canvas by (e.g. <c>candidate.pd</c>).</param>
    public static IReadOnlyList<PdEvent> Locate(IReadOnlyList<PdEvent> events, PdPatch patch, string candidateFileName)
    {
        var boxes = new List<Located>();
        Walk(patch.Root, [], boxes);
        // Pd creates boxes in file order, so the k-th failure of a text is the k-th box with that text.
        var byText = boxes.Where(b => b.Box.Kind == PdBoxKind.Object).OrderBy(b => b.Box.Line).ThenBy(b => b.Box.Column)
            .GroupBy(b => Normalize(b.Box.Text)).ToDictionary(g => g.Key, g => new Queue<Located>(g));
        var usedConnections = new HashSet<PdConnection>();
        var result = new List<PdEvent>(events.Count);
        foreach (var e in events)
        {
            result.Add(e.Kind switch
            {
                PdEventKind.CouldntCreate when e.Object is { } t && byText.TryGetValue(Normalize(t), out var q) && q.Count > 0 => At(e, q.Dequeue()),
                PdEventKind.ConnectionFailed => LocateConnection(e, patch, boxes, candidateFileName, usedConnections),
                PdEventKind.Print when e.PrintName is { } n => FirstOrSame(e, boxes.Where(b => IsPrintNamed(b.Box, n))),
                PdEventKind.ObjectError when e.Object is { } o => FirstOrSame(e,
                    boxes.Where(b => b.Box.Kind == PdBoxKind.Object && Normalize(b.Box.Text) == Normalize(o))
                         .Concat(boxes.Where(b => b.Box.Kind == PdBoxKind.Object && b.Box.ClassName == o.Split(' ')[0]))),
                PdEventKind.DspLoop => FirstOrSame(e, CycleBoxes(boxes, tilde: true)),
                PdEventKind.StackOverflow => FirstOrSame(e, CycleBoxes(boxes, tilde: false)),
                PdEventKind.SignalToControl => FirstOrSame(e, SignalToControlSinks(boxes)),
                _ => e,
            });
        }
        return result;
    }

    private static void Walk(PdCanvas canvas, IReadOnlyList<int> prefix, List<Located> into)
    {
        foreach (var box in canvas.Boxes)
        {
            var path = prefix.Append(box.Index).ToArray();
            into.Add(new Located(box, canvas, path));
            if (box.Subcanvas is { } sub) Walk(sub, path, into);
        }
    }

    private static string Normalize(string text) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static PdEvent At(PdEvent e, Located l) => e with { Line = l.Box.Line, BoxPath = l.Path };

    private static PdEvent FirstOrSame(PdEvent e, IEnumerable<Located> candidates) =>
        candidates.FirstOrDefault() is { } l ? At(e, l) : e;

    private static bool IsPrintNamed(PdBox box, string name)
    {
        if (box.Kind != PdBoxKind.Object || box.ClassName != "print") return false;
        var args = box.Arguments;
        if (name == "") return args.Count > 0 && args[0].Value == "-n";
        if (name == "print") return args.Count == 0;
        return string.Join(' ', args.Select(a => a.Value)) == name;
    }

    private static PdEvent LocateConnection(PdEvent e, PdPatch patch, List<Located> boxes, string fileName, HashSet<PdConnection> used)
    {
        if (e.Connection is not [var src, var outlet, var sink, var inlet]) return e;
        var canvases = new List<(PdCanvas Canvas, IReadOnlyList<int> Path)>();
        if (e.Canvas == fileName || e.Canvas == Path.GetFileNameWithoutExtension(fileName)) canvases.Add((patch.Root, []));
        canvases.AddRange(boxes.Where(b => b.Box.Subcanvas is { } s && s.Name == e.Canvas).Select(b => (b.Box.Subcanvas!, b.Path)));
        foreach (var (canvas, path) in canvases)
        {
            var c = canvas.Connections.FirstOrDefault(c => c.Source == src && c.Outlet == outlet && c.Sink == sink && c.Inlet == inlet && !used.Contains(c));
            if (c is null) continue;
            used.Add(c);
            return e with { Line = c.Line, BoxPath = path.Append(src).ToArray() };
        }
        return e;
    }

    private static bool IsTilde(PdBox b) => b.Kind == PdBoxKind.Object && b.ClassName.EndsWith('~');

    // Tilde classes whose outlets (at least some) are control outlets.
    private static readonly HashSet<string> ControlOutTilde =
        ["env~", "snapshot~", "bang~", "threshold~", "sigmund~", "fiddle~", "bonk~", "readsf~", "tabplay~", "vsnapshot~"];

    private static IEnumerable<Located> SignalToControlSinks(List<Located> boxes)
    {
        foreach (var group in boxes.GroupBy(b => b.Canvas))
        {
            var canvas = group.Key;
            foreach (var c in canvas.Connections)
            {
                if (c.Source >= canvas.Boxes.Count || c.Sink >= canvas.Boxes.Count) continue;
                var from = canvas.Boxes[c.Source];
                var to = canvas.Boxes[c.Sink];
                if (IsTilde(from) && !ControlOutTilde.Contains(from.ClassName) && to.Kind == PdBoxKind.Object && !IsTilde(to) && to.ClassName
                    is not ("pd" or "") && !to.ClassName.Contains('/'))
                {
                    var loc = group.FirstOrDefault(b => b.Box.Index == c.Sink);
                    if (loc is not null) yield return loc;
                }
            }
        }
    }

    private static IEnumerable<Located> CycleBoxes(List<Located> boxes, bool tilde)
    {
        foreach (var group in boxes.GroupBy(b => b.Canvas))
        {
            var canvas = group.Key;
            bool Member(int i) => i < canvas.Boxes.Count && (tilde ? IsTilde(canvas.Boxes[i]) : canvas.Boxes[i].Kind != PdBoxKind.Comment
                && !IsTilde(canvas.Boxes[i]));
            var next = canvas.Connections.Where(c => Member(c.Source) && Member(c.Sink))
                .GroupBy(c => c.Source).ToDictionary(g => g.Key, g => g.Select(c => c.Sink).Distinct().ToArray());
            var state = new Dictionary<int, int>(); // 1 visiting, 2 done
            int? found = null;
            bool Visit(int n)
            {
                state[n] = 1;
                foreach (var m in next.GetValueOrDefault(n, []))
                {
                    if (state.GetValueOrDefault(m) == 1) { found = m; return true; }
                    if (state.GetValueOrDefault(m) == 0 && Visit(m)) return true;
                }
                state[n] = 2;
                return false;
            }
            foreach (var start in next.Keys.Order())
                if (state.GetValueOrDefault(start) == 0 && Visit(start)) break;
            if (found is int f && group.FirstOrDefault(b => b.Box.Index == f) is { } loc) yield return loc;
        }
    }
}
