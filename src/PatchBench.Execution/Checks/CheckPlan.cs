using System.Globalization;
using System.Text;
using PatchBench.Harness.Suites;
using PatchBench.Pd.Model;

namespace PatchBench.Execution.Checks;

/// <summary>A window of logical time in which a check records what reaches dac~.</summary>
/// <param name="StartMs">Start, in ms after the first step.</param>
/// <param name="LengthMs">Length in ms.</param>
public sealed record AudioWindow(double StartMs, double LengthMs);

/// <summary>
/// A candidate instrumented for one check: its text with taps and a driver appended to the root
/// canvas, the logical time the steps take, and where audio is recorded.
/// </summary>
/// <param name="Text">The instrumented patch text (original records unchanged, records appended to the root or inserted before a subpatch's restore).</param>
/// <param name="Nonce">The secret prefix of every receive and print the plan added.</param>
/// <param name="Outputs">The outputs tapped, in reading order (tap <c>NONCE-oN</c> is <c>Outputs[N-1]</c>).</param>
/// <param name="TotalMs">Logical time the steps take.</param>
/// <param name="Windows">Audio windows, one per <c>record-audio</c> step.</param>
/// <param name="Observations">Number of <c>observe</c> steps.</param>
public sealed record CheckPlan(string Text, string Nonce, IReadOnlyList<PatchOutput> Outputs, double TotalMs, IReadOnlyList<AudioWindow> Windows,
    int Observations)
{
    /// <summary>Print name of output tap <paramref name="n"/> (1-based).</summary>
    public string OutputTap(int n) => $"{Nonce}-o{n}";

    /// <summary>Print name of the observation marker.</summary>
    public string MarkerName => $"{Nonce}-mark";
}

/// <summary>A check that cannot be played on a patch: a step addresses an input the patch does not have.</summary>
/// <param name="Message">What is missing.</param>
public sealed record PlanFailure(string Message);

/// <summary>
/// Builds a <see cref="CheckPlan"/>: finds the patch's inputs and outputs (<see cref="PatchInterface"/>),
/// gives each driven input a <c>[r NONCE-iK]</c>, taps each output into a <c>[print NONCE-oN]</c>, and
/// appends a driver (<c>[loadbang]→[delay 0]→[t b b]→msg…→[delay dt]…</c>) that sends the steps'
/// messages at their logical times and an observation marker after each <c>observe</c>. Everything is
/// appended to the root canvas, except the receives and taps of inputs and outputs inside a subpatch,
/// which go at the end of that subpatch's canvas (just before its <c>#X restore</c>, connect indices
/// local to it); so the original boxes keep their indices. Pure.
/// </summary>
public static class CheckPlanner
{
    /// <summary>Plans <paramref name="check"/> on <paramref name="patch"/> (parsed from <paramref name="text"/>).</summary>
    public static (CheckPlan? Plan, PlanFailure? Failure) Plan(string text, PdPatch patch, FunctionalCheck check, string nonce)
    {
        var root = patch.Root;
        var iface = PatchInterface.Find(root);
        var inv = CultureInfo.InvariantCulture;
        var rootPart = new CanvasRecords(root);
        // Taps inside subpatches go into those subpatches' canvases (Pd numbers boxes per canvas).
        var parts = new Dictionary<string, (IReadOnlyList<int> Path, CanvasRecords Records)>();
        CanvasRecords PartOf(IReadOnlyList<int>? path)
        {
            if (path is null) return rootPart;
            var key = string.Join('/', path);
            if (!parts.TryGetValue(key, out var part)) parts[key] = part = (path, new CanvasRecords(PatchInterface.CanvasAt(root, path)));
            return part.Records;
        }
        double y = rootPart.Y;
        int Add(string record) => rootPart.Add(record);
        void Connect(int a, int o, int b, int i) => rootPart.Connect(a, o, b, i);

        // Inputs: one receive per distinct input box, in the input's own canvas.
        var receivers = new Dictionary<PatchInput, string>();
        string Receiver(PatchInput input)
        {
            if (receivers.TryGetValue(input, out var name)) return name;
            name = $"{nonce}-i{receivers.Count + 1}";
            receivers[input] = name;
            var part = PartOf(input.Path);
            int r = part.Add(string.Create(inv, $"#X obj {20 + 120 * receivers.Count} {part.Y} r {name};"));
            if (input.Kind == InputKind.Inlet)
            {
                // A root-level inlet receives nothing; its messages go where it is connected.
                foreach (var c in root.Connections.Where(c => c.Source == input.BoxIndex)) Connect(r, 0, c.Sink, c.Inlet);
            }
            else part.Connect(r, 0, input.BoxIndex, 0);
            return name;
        }

        // Outputs: a print tap per output, fed like the output (print/outlet) or by it (display), in its own canvas.
        var outputs = iface.Outputs.Where(o => o.Kind != OutputKind.Dac).ToList();
        for (int n = 1; n <= outputs.Count; n++)
        {
            var o = outputs[n - 1];
            var part = PartOf(o.Path);
            int tap = part.Add(string.Create(inv, $"#X obj {20 + 120 * (n - 1)} {part.Y + 60} print {nonce}-o{n};"));
            if (o.Kind == OutputKind.Display) part.Connect(o.BoxIndex, 0, tap, 0);
            else foreach (var c in part.Canvas.Connections.Where(c => c.Sink == o.BoxIndex && c.Inlet == 0)) part.Connect(c.Source, c.Outlet, tap, 0);
        }
        int markR = Add(string.Create(inv, $"#X obj 20 {y + 120} r {nonce}-mark;"));
        int markP = Add(string.Create(inv, $"#X obj 20 {y + 150} print {nonce}-mark;"));
        Connect(markR, 0, markP, 0);

        // The schedule: groups of messages at increasing logical times.
        var groups = new List<(double Time, List<string> Messages)>();
        var windows = new List<AudioWindow>();
        double t = 0;
        int observations = 0;
        void Send(string receiver, string message)
        {
            if (groups.Count == 0 || groups[^1].Time != t) groups.Add((t, []));
            groups[^1].Messages.Add($"{receiver} {message}");
        }
        foreach (var step in check.Steps)
        {
            switch (step)
            {
                case WaitStep w: t += Math.Max(0, w.Milliseconds); break;
                case RecordAudioStep ra: windows.Add(new AudioWindow(t, ra.Milliseconds)); t += Math.Max(0, ra.Milliseconds); break;
                case ObserveStep: observations++; Send($"{nonce}-mark", observations.ToString(inv)); break;
                default:
                    var (input, message) = step switch
                    {
                        SetStep s => (s.Input, Number(s.Value)),
                        ToggleStep s => (s.Input, Number(s.Value)),
                        BangStep s => (s.Input, "bang"),
                        ClickStep s => (s.Input, "bang"),
                        SendStep s => (s.Input, EscapeMessage(s.Message)),
                        _ => throw new InvalidOperationException($"unknown step {step}"),
                    };
                    var found = iface.Resolve(input);
                    if (found is null)
                        return (null, new PlanFailure($"the patch has no input #{input.Index} of kind {string.Join(" or ", input.Kinds.Select(KindName))} " +
                            $"(it has: {Describe(iface)})"));
                    Send(Receiver(found), message);
                    break;
            }
        }

        // Driver chain: loadbang → delay 0 (every patch loaded) → for each group: t b b (right: message, left: next delay).
        int lb = Add(string.Create(inv, $"#X obj 300 {y + 120} loadbang;"));
        int prev = lb;
        double prevTime = 0;
        int gi = 0;
        foreach (var (time, messages) in groups)
        {
            int d = Add(string.Create(inv, $"#X obj 300 {y + 150 + 90 * gi} delay {Number(time - prevTime)};"));
            int tr = Add(string.Create(inv, $"#X obj 300 {y + 180 + 90 * gi} t b b;"));
            int msg = Add(string.Create(inv, $"#X msg 360 {y + 210 + 90 * gi} \\; {string.Join(" \\; ", messages)};"));
            Connect(prev, 0, d, 0);
            Connect(d, 0, tr, 0);
            Connect(tr, 1, msg, 0);
            prev = tr;
            prevTime = time;
            gi++;
        }

        var sb = new StringBuilder(text);
        // Subpatch records go just before the subpatch's '#X restore', last in the text first so offsets stay valid.
        var lineStarts = LineStarts(text);
        foreach (var (path, part) in parts.Values.Select(p => (p.Path, p.Records))
                     .Select(p => (p.Path, p.Records, Box: BoxAt(root, p.Path)))
                     .OrderByDescending(p => p.Box.Line).ThenByDescending(p => p.Box.Column).Select(p => (p.Path, p.Records)))
        {
            var box = BoxAt(root, path);
            int at = lineStarts[box.Line - 1] + box.Column - 1;
            if (at < 0 || at > text.Length || string.CompareOrdinal(text, at, "#X", 0, 2) != 0)
                throw new InvalidOperationException($"line {box.Line}, column {box.Column} is not the subpatch's '#X restore' record");
            sb.Insert(at, part.Text());
        }
        if (sb.Length > 0 && sb[^1] != '\n') sb.Append('\n');
        sb.Append(rootPart.Text());
        return (new CheckPlan(sb.ToString(), nonce, outputs, t, windows, observations), null);
    }

    private static PdBox BoxAt(PdCanvas root, IReadOnlyList<int> path) => PatchInterface.CanvasAt(root, path.Take(path.Count - 1).ToList()).Boxes[path[^1]];

    private static List<int> LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++) if (text[i] == '\n') starts.Add(i + 1);
        return starts;
    }

    /// <summary>Records added to one canvas: new boxes are numbered after the canvas's own.</summary>
    private sealed class CanvasRecords(PdCanvas canvas)
    {
        private readonly List<string> boxes = [];
        private readonly List<string> connects = [];
        private int next = canvas.Boxes.Count;

        public PdCanvas Canvas => canvas;

        /// <summary>Below the canvas's lowest box.</summary>
        public double Y { get; } = (canvas.Boxes.Count == 0 ? 0 : canvas.Boxes.Max(b => b.Y)) + 100;

        public int Add(string record) { boxes.Add(record); return next++; }

        public void Connect(int a, int o, int b, int i) => connects.Add(string.Create(CultureInfo.InvariantCulture, $"#X connect {a} {o} {b} {i};"));

        public string Text() => string.Concat(boxes.Concat(connects).Select(r => r + "\n"));
    }

    /// <summary>A float as Pd would print it (up to 6 significant digits for non-integers).</summary>
    public static string Number(double v) =>
        v == Math.Floor(v) && Math.Abs(v) < 1e15 ? ((long)v).ToString(CultureInfo.InvariantCulture) : v.ToString("G6", CultureInfo.InvariantCulture);

    private static string EscapeMessage(string message)
    {
        var sb = new StringBuilder();
        foreach (var ch in message)
        {
            if (ch is ',' or ';' or '$') sb.Append('\\');
            sb.Append(ch);
        }
        return sb.ToString();
    }

    private static string KindName(InputKind k) => k.ToString().ToLowerInvariant();

    private static string Describe(PatchInterface iface)
    {
        var counts = iface.Inputs.GroupBy(i => i.Kind).Select(g => $"{g.Count()} {KindName(g.Key)}").ToList();
        return counts.Count == 0 ? "no inputs" : string.Join(", ", counts);
    }
}
