using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PatchBench.Execution.CatalogProbe;

/// <summary>
/// Asks real Pd how many inlets and outlets an object box has and which are signals, for many
/// boxes in one Pd run.
/// </summary>
/// <remarks>
/// Each box goes into its own small patch (the box, a <c>[print]</c> sink with a control inlet and a
/// <c>[sig~]</c> source). A driver patch opens them one after another and, for k = 0, 1, …, sends the
/// canvas <c>connect 0 k 1 0</c> (outlet k → print) or <c>connect 2 0 0 k</c> (sig~ → inlet k),
/// switches DSP on and off, and disconnects. Pd prints "… connection failed" when k is out of range,
/// which gives the counts, and "audio signal outlet connected to nonsignal inlet (ignored)" when DSP
/// starts if outlet k is a signal (into print) or inlet k is not (from sig~). A <c>[print]</c> marker
/// before every step attributes each line; a DSP cycle before any connection gives the box's own
/// baseline of such errors. All messages are top-level records of the driver file, which Pd
/// evaluates in order while loading it.
/// </remarks>
public sealed class PortProbe(IPdBatchRunner runner)
{
    /// <summary>The name of an abstraction the probe writes next to its patches so that <c>[clone]</c> can be probed.</summary>
    public const string CloneAbstraction = "probe-clone-abs";

    /// <summary>The abstraction's ports: signal inlet, control inlet; signal outlet, control outlet (ordered by x).</summary>
    public const string CloneAbstractionText =
        "#N canvas 0 0 400 300 12;\n#X obj 10 10 inlet~;\n#X obj 100 10 inlet;\n#X obj 10 100 outlet~;\n#X obj 100 100 outlet;\n";

    private static readonly Regex Mark = new(@"^MARK: (begin|base|out|in|end) (\d+)(?: (\d+))?$", RegexOptions.Compiled);
    private static readonly Regex ConnectFailed = new(@"^p(\d+)\.pd (\d+) (\d+) (\d+) (\d+) \((.+)->(.+)\) connection failed$", RegexOptions.Compiled);

    /// <summary>How many port indices past the argument count to try.</summary>
    public int ExtraPorts { get; init; } = 10;

    /// <summary>
    /// How long Pd may take over one case (its patch opened, every port connected, DSP cycled). A case that
    /// takes longer gets its Pd killed and is recorded as not probed (<see cref="ProbeObservation.Unprobed"/>);
    /// the probe goes on with the next case in a new Pd.
    /// </summary>
    public TimeSpan CaseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Probes every case, all in one Pd run while it goes well; the result is in the same order. A case
    /// during which Pd hangs (see <see cref="CaseTimeout"/>) or exits is not probed, and a new Pd takes up
    /// the cases after it.
    /// </summary>
    public async Task<IReadOnlyList<ProbeObservation>> ProbeAsync(IReadOnlyList<ProbeCase> cases, CancellationToken cancellationToken = default)
    {
        var dir = Directory.CreateTempSubdirectory("patchbench-probe-");
        try
        {
            WriteCasePatches(dir.FullName, cases);
            var result = new ProbeObservation?[cases.Count];
            var from = 0;
            var timeout = new StepTimeout(line => line.StartsWith("MARK: begin ", StringComparison.Ordinal), CaseTimeout);
            while (from < cases.Count)
            {
                var driver = WriteDriver(dir.FullName, cases, from);
                var output = await runner.RunAsync(driver, timeout, cancellationToken);
                var run = Interpret(cases, output.Lines);
                var next = from;
                while (next < cases.Count && run[next] is { } o) result[next++] = o;
                if (next == cases.Count) break;
                // Case `next` did not finish: Pd hung in it (killed) or exited during it.
                var begun = output.Lines.Contains($"MARK: begin {next}");
                if (!begun && !output.TimedOut)
                    throw new InvalidOperationException($"Pd exited (code {output.ExitCode}) before probe {next} [{cases[next].BoxText}] began: last lines: " +
                        $"{string.Join(" | ", output.Lines.TakeLast(5))}");
                var reason = output.TimedOut
                    ? $"Pd did not finish this box within {CaseTimeout.TotalSeconds:0.#} s (killed)"
                    : $"Pd exited (code {output.ExitCode}) while probing this box";
                result[next] = new ProbeObservation(cases[next], false, null, "", "",
                    output.Lines.SkipWhile(l => l != $"MARK: begin {next}").Skip(1).TakeLast(3).ToArray(), reason);
                from = next + 1;
            }
            return result!;
        }
        finally
        {
            try { dir.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Port indices to try: enough for one port per argument or per channel a numeric argument asks for.</summary>
    private int Range(ProbeCase c)
    {
        var words = c.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var largest = words.Select(w => double.TryParse(w, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? Math.Clamp((int)d, 0, 70) : 0)
            .DefaultIfEmpty(0).Max();
        return ExtraPorts + words.Length + largest;
    }

    /// <summary>Writes one patch per case, <c>pN.pd</c>, and the abstraction <c>[clone]</c> is probed with.</summary>
    private static void WriteCasePatches(string dir, IReadOnlyList<ProbeCase> cases)
    {
        File.WriteAllText(Path.Combine(dir, CloneAbstraction + ".pd"), CloneAbstractionText);
        for (var i = 0; i < cases.Count; i++)
            File.WriteAllText(Path.Combine(dir, $"p{i}.pd"),
                $"#N canvas 0 0 450 300 12;\n#X obj 10 10 {cases[i].BoxText};\n#X obj 10 150 print probe-sink;\n#X obj 200 150 sig~ 0;\n");
    }

    /// <summary>Writes the driver that probes cases <paramref name="from"/> to the end; returns its path.</summary>
    private string WriteDriver(string dir, IReadOnlyList<ProbeCase> cases, int from)
    {
        var driver = new StringBuilder();
        driver.Append("#N canvas 0 0 450 300 12;\n#X obj 10 10 r probe-mark;\n#X obj 10 40 print MARK;\n#X connect 0 0 1 0;\n");
        var escapedDir = dir.Replace(" ", "\\ ");
        for (var i = from; i < cases.Count; i++)
        {
            var c = cases[i];
            var canvas = $"pd-p{i}.pd";
            driver.Append(CultureInfo.InvariantCulture, $"probe-mark begin {i};\npd open p{i}.pd {escapedDir};\nprobe-mark base {i};\npd dsp 1;\npd dsp 0;\n");
            var range = Range(c);
            for (var k = 0; k < range; k++)
                driver.Append(CultureInfo.InvariantCulture,
                    $"probe-mark out {i} {k};\n{canvas} connect 0 {k} 1 0;\npd dsp 1;\npd dsp 0;\n{canvas} disconnect 0 {k} 1 0;\n");
            for (var k = 0; k < range; k++)
                driver.Append(CultureInfo.InvariantCulture,
                    $"probe-mark in {i} {k};\n{canvas} connect 2 0 0 {k};\npd dsp 1;\npd dsp 0;\n{canvas} disconnect 2 0 0 {k};\n");
            driver.Append(CultureInfo.InvariantCulture, $"probe-mark end {i};\n{canvas} menuclose;\n");
        }
        driver.Append("pd quit;\n");
        var path = Path.Combine(dir, $"driver-{from}.pd");
        File.WriteAllText(path, driver.ToString());
        return path;
    }

    /// <summary>The per-step tallies of one case while reading Pd's output.</summary>
    private sealed class Tally(int range)
    {
        public bool Begun, Ended, CouldNotCreate;
        public string? PdClassName;
        public int BaselineErrors;
        public readonly int[] OutErrors = new int[range], InErrors = new int[range];
        public readonly bool[] OutFailed = new bool[range], InFailed = new bool[range];
        public readonly List<string> Evidence = [];
    }

    /// <summary>True when Pd's line naming a refused box (<c>verbose(0): select 1 2</c>) names the probed box.</summary>
    private static bool IsProbedBox(string line, ProbeCase c)
    {
        var text = line.StartsWith("verbose(", StringComparison.Ordinal) && line.IndexOf("): ", StringComparison.Ordinal) is var i and > 0 ? line[(i + 3)..]
            : line;
        // Pd prints "expr~;" for [expr~ \; …]: the name may be followed by a space, ';' or ','.
        return text.StartsWith(c.Name, StringComparison.Ordinal) && (text.Length == c.Name.Length || text[c.Name.Length] is ' ' or ';' or ',');
    }

    /// <summary>Reads Pd's lines into one observation per case with a complete record (null for the others).</summary>
    private ProbeObservation?[] Interpret(IReadOnlyList<ProbeCase> cases, IReadOnlyList<string> lines)
    {
        var tallies = cases.Select(c => new Tally(Range(c))).ToArray();
        Tally? current = null;
        string step = "";
        var k = 0;
        var ownTextSeen = false;
        var currentIndex = 0;
        foreach (var line in lines)
        {
            var m = Mark.Match(line);
            if (m.Success)
            {
                var i = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                if (i >= tallies.Length) continue;
                current = tallies[i];
                currentIndex = i;
                step = m.Groups[1].Value;
                k = m.Groups[3].Success ? int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) : 0;
                if (step == "begin") { current.Begun = true; ownTextSeen = false; }
                if (step == "end") current.Ended = true;
                continue;
            }
            if (current is null) continue;
            // Pd prints the refused box's text (over several lines when it holds a ';'), then "... couldn't
            // create". Inside an abstraction another box may be refused while the abstraction itself is
            // created: only a refusal right after the probed box's own text counts.
            if (step == "begin" && IsProbedBox(line, cases[currentIndex])) ownTextSeen = true;
            if (line.Contains("couldn't create", StringComparison.Ordinal) && step == "begin" && !ownTextSeen) continue;
            if (line.Contains("couldn't create", StringComparison.Ordinal) && step == "begin")
            {
                current.CouldNotCreate = true;
                current.Evidence.Add(line);
                continue;
            }
            var f = ConnectFailed.Match(line);
            if (f.Success)
            {
                if (step == "out" && f.Groups[2].Value == "0")
                {
                    current.OutFailed[k] = true;
                    current.PdClassName ??= f.Groups[6].Value;
                }
                else if (step == "in" && f.Groups[4].Value == "0")
                {
                    current.InFailed[k] = true;
                    current.PdClassName ??= f.Groups[7].Value;
                }
                // Later indices fail too; the first failure is the evidence for the count.
                if (!current.Evidence.Any(e => e.StartsWith(step + " ", StringComparison.Ordinal) && e.EndsWith("connection failed", StringComparison.Ordinal)))
                    current.Evidence.Add($"{step} {k}: {line}");
                continue;
            }
            if (line.Contains("signal outlet connect", StringComparison.Ordinal) && line.Contains("nonsignal inlet", StringComparison.Ordinal))
            {
                switch (step)
                {
                    case "base": current.BaselineErrors++; break;
                    case "out": current.OutErrors[k]++; break;
                    case "in": current.InErrors[k]++; break;
                }
                current.Evidence.Add($"{step} {k}: {line}");
            }
        }
        var result = new ProbeObservation?[cases.Count];
        for (var i = 0; i < cases.Count; i++)
        {
            var t = tallies[i];
            if (!t.Begun || !t.Ended) continue;
            var outlets = new StringBuilder();
            for (var j = 0; j < t.OutFailed.Length && !t.OutFailed[j]; j++)
                outlets.Append(t.OutErrors[j] > t.BaselineErrors ? 's' : 'c');
            var inlets = new StringBuilder();
            for (var j = 0; j < t.InFailed.Length && !t.InFailed[j]; j++)
                inlets.Append(t.InErrors[j] > t.BaselineErrors ? 'c' : 's');
            if (t.CouldNotCreate)
            {
                // Pd gives a box that failed to create as many dummy ports as connections ask for.
                result[i] = new ProbeObservation(cases[i], false, null, "", "", t.Evidence);
                continue;
            }
            if (outlets.Length == t.OutFailed.Length || inlets.Length == t.InFailed.Length)
                throw new InvalidOperationException($"probe [{cases[i].BoxText}]: no connection failed within {t.OutFailed.Length} ports; raise ExtraPorts");
            // The evidence in one line: where connections started failing and how many DSP-time
            // "signal outlet connected to nonsignal inlet" errors each connection added over the baseline.
            var summary = $"outlet k->print fails from k={outlets.Length}, DSP errors per outlet " +
                $"[{string.Join(",", t.OutErrors.Take(outlets.Length).Select(e => e - t.BaselineErrors))}]; " +
                $"sig~->inlet k fails from k={inlets.Length}, DSP errors per inlet " +
                    $"[{string.Join(",", t.InErrors.Take(inlets.Length).Select(e => e - t.BaselineErrors))}]; baseline {t.BaselineErrors}";
            result[i] = new ProbeObservation(cases[i], !t.CouldNotCreate, t.PdClassName, inlets.ToString(), outlets.ToString(),
                t.Evidence.Prepend(summary).ToArray());
        }
        return result;
    }
}
