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
/// <param name="Text">The instrumented patch text (original lines unchanged, records appended).</param>
/// <param name="Nonce">The secret prefix of every receive and print the plan added.</param>
/// <param name="Outputs">The outputs tapped, in reading order (tap <c>NONCE-oN</c> is <c>Outputs[N-1]</c>).</param>
/// <param name="TotalMs">Logical time the steps take.</param>
/// <param name="Windows">Audio windows, one per <c>record-audio</c> step.</param>
/// <param name="Observations">Number of <c>observe</c> steps.</param>
public sealed record CheckPlan(string Text, string Nonce, IReadOnlyList<PatchOutput> Outputs, double TotalMs, IReadOnlyList<AudioWindow> Windows, int Observations)
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
/// appended to the root canvas, so the original boxes keep their indices and lines. Pure.
/// </summary>
public static class CheckPlanner
{
    /// <summary>Plans <paramref name="check"/> on <paramref name="patch"/> (parsed from <paramref name="text"/>).</summary>
    public static (CheckPlan? Plan, PlanFailure? Failure) Plan(string text, PdPatch patch, FunctionalCheck check, string nonce)
    {
        var root = patch.Root;
        var iface = PatchInterface.Find(root);
        var inv = CultureInfo.InvariantCulture;
        var records = new List<string>();
        int next = root.Boxes.Count;
        double maxY = root.Boxes.Count == 0 ? 0 : root.Boxes.Max(b => b.Y);
        double y = maxY + 100;
        int Add(string record) { records.Add(record); return next++; }
        var connects = new List<string>();
        void Connect(int a, int o, int b, int i) => connects.Add(string.Create(inv, $"#X connect {a} {o} {b} {i};"));

        // Inputs: one receive per distinct input box.
        var receivers = new Dictionary<int, string>();
        string Receiver(PatchInput input)
        {
            if (receivers.TryGetValue(input.BoxIndex, out var name)) return name;
            name = $"{nonce}-i{receivers.Count + 1}";
            receivers[input.BoxIndex] = name;
            int r = Add(string.Create(inv, $"#X obj {20 + 120 * receivers.Count} {y} r {name};"));
            if (input.Kind == InputKind.Inlet)
            {
                // A root-level inlet receives nothing; its messages go where it is connected.
                foreach (var c in root.Connections.Where(c => c.Source == input.BoxIndex)) Connect(r, 0, c.Sink, c.Inlet);
            }
            else Connect(r, 0, input.BoxIndex, 0);
            return name;
        }

        // Outputs: a print tap per output, fed like the output (print/outlet) or by it (display).
        var outputs = iface.Outputs.Where(o => o.Kind != OutputKind.Dac).ToList();
        for (int n = 1; n <= outputs.Count; n++)
        {
            var o = outputs[n - 1];
            int tap = Add(string.Create(inv, $"#X obj {20 + 120 * (n - 1)} {y + 60} print {nonce}-o{n};"));
            if (o.Kind == OutputKind.Display) Connect(o.BoxIndex, 0, tap, 0);
            else foreach (var c in root.Connections.Where(c => c.Sink == o.BoxIndex && c.Inlet == 0)) Connect(c.Source, c.Outlet, tap, 0);
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
                        return (null, new PlanFailure($"the patch has no input #{input.Index} of kind {string.Join(" or ", input.Kinds.Select(KindName))} (it has: {Describe(iface)})"));
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
        if (sb.Length > 0 && sb[^1] != '\n') sb.Append('\n');
        foreach (var r in records) sb.Append(r).Append('\n');
        foreach (var c in connects) sb.Append(c).Append('\n');
        return (new CheckPlan(sb.ToString(), nonce, outputs, t, windows, observations), null);
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
