using System.Text.RegularExpressions;

namespace PatchBench.Execution.Events;

/// <summary>The wrapper's progress markers seen in a run's console output.</summary>
/// <param name="Loaded">Pd opened the candidate and reached the wrapper (every object created, loadbangs done).</param>
/// <param name="DspOn">DSP was switched on (the signal graph was sorted).</param>
/// <param name="Done">The timed stretch of logical time ended.</param>
public sealed record RunMarkers(bool Loaded, bool DspOn, bool Done);

/// <summary>Events parsed from a run's console output, and how far the wrapper got.</summary>
/// <param name="Events">Events in the order Pd printed them.</param>
/// <param name="Markers">Which wrapper markers appeared.</param>
public sealed record ParsedConsole(IReadOnlyList<PdEvent> Events, RunMarkers Markers);

/// <summary>
/// Turns what Pd 0.53 prints on stderr (<c>-stderr</c>) into <see cref="PdEvent"/>s. Pure: text in,
/// events out. Message texts were checked on Pd 0.53.1 by experiment and against its C sources;
/// the older spellings (before 0.51) are accepted too.
/// </summary>
public static partial class PdConsoleParser
{
    [GeneratedRegex(@"^verbose\(\d+\):\s?")]
    private static partial Regex VerbosePrefix();

    // "candidate.pd 4 5 2 0 (+->print) connection failed" (canvas name may contain spaces).
    [GeneratedRegex(@"^(?<canvas>.*?) (?<src>\d+) (?<out>\d+) (?<sink>\d+) (?<in>\d+) \((?<from>.*)->(?<to>.*)\) connection failed$")]
    private static partial Regex ConnectionFailed();

    [GeneratedRegex(@"^(?<name>[^:]+): (?<value>.*)$")]
    private static partial Regex NamedLine();

    /// <summary>Parses console lines.</summary>
    /// <param name="lines">Pd's stderr (and stdout), one entry per line.</param>
    /// <param name="markerName">The wrapper's secret print name; its lines are markers, not events.</param>
    /// <param name="printNames">Names of the candidate's <c>[print]</c> objects (<c>print</c> for an unnamed one).</param>
    /// <param name="hasUnnamedPrint">True when the candidate has a <c>[print -n]</c>, whose lines carry no name.</param>
    public static ParsedConsole Parse(IEnumerable<string> lines, string markerName, IReadOnlySet<string> printNames, bool hasUnnamedPrint = false)
    {
        var events = new List<PdEvent>();
        bool loaded = false, dspOn = false, done = false;
        PdRunPhase phase = PdRunPhase.Load;
        string? previous = null;

        void Add(PdEventKind kind, PdEventSeverity sev, string message, Func<PdEvent, PdEvent>? with = null)
        {
            var e = new PdEvent(kind, sev, message, phase);
            events.Add(with is null ? e : with(e));
        }

        foreach (var raw in lines)
        {
            var line = VerbosePrefix().Replace(raw.TrimEnd('\r'), "");
            var trimmed = line.Trim();
            var prev = previous;
            previous = trimmed.Length > 0 ? trimmed : previous;
            if (trimmed.Length == 0) continue;

            if (trimmed.StartsWith(markerName + ": ", StringComparison.Ordinal))
            {
                switch (trimmed[(markerName.Length + 2)..])
                {
                    case "loaded": loaded = true; phase = PdRunPhase.DspStart; break;
                    case "dsp": dspOn = true; phase = PdRunPhase.Run; break;
                    case "done": done = true; phase = PdRunPhase.Quit; break;
                }
                continue;
            }

            // Other lines naming the secret come from the wrapper itself (soundfiler's "biggest amplitude" post).
            if (trimmed.Contains(markerName, StringComparison.Ordinal) && !trimmed.StartsWith("error: ", StringComparison.Ordinal)) continue;

            if (trimmed == "... couldn't create")
            {
                // Pd prints the box text on the line before.
                var box = prev ?? "";
                if (events.Count > 0 && events[^1].Message == box)
                    events.RemoveAt(events.Count - 1);
                Add(PdEventKind.CouldntCreate, PdEventSeverity.Error, $"{box} ... couldn't create", e => e with { Object = box });
                continue;
            }

            if (trimmed.StartsWith("bwrap: ", StringComparison.Ordinal) || trimmed.StartsWith("setpriv: ", StringComparison.Ordinal)
                || trimmed.StartsWith("prlimit: ", StringComparison.Ordinal) || trimmed.StartsWith("setsid: ", StringComparison.Ordinal))
            {
                Add(PdEventKind.HarnessError, PdEventSeverity.Error, trimmed);
                continue;
            }

            var body = trimmed.StartsWith("error: ", StringComparison.Ordinal) ? trimmed[7..] : null;
            var text = body ?? trimmed;

            if (ConnectionFailed().Match(text) is { Success: true } cf)
            {
                Add(PdEventKind.ConnectionFailed, PdEventSeverity.Error, text, e => e with
                {
                    Canvas = cf.Groups["canvas"].Value,
                    Connection = [int.Parse(cf.Groups["src"].Value), int.Parse(cf.Groups["out"].Value), int.Parse(cf.Groups["sink"].Value),
                        int.Parse(cf.Groups["in"].Value)],
                    Classes = [cf.Groups["from"].Value, cf.Groups["to"].Value],
                });
                continue;
            }
            if (text.Contains("signal outlet connect", StringComparison.Ordinal) && text.Contains("nonsignal inlet", StringComparison.Ordinal))
            {
                Add(PdEventKind.SignalToControl, PdEventSeverity.Error, text);
                continue;
            }
            if (text.StartsWith("DSP loop detected", StringComparison.Ordinal))
            {
                Add(PdEventKind.DspLoop, PdEventSeverity.Error, text);
                continue;
            }
            if (text.StartsWith("stack overflow", StringComparison.Ordinal))
            {
                Add(PdEventKind.StackOverflow, PdEventSeverity.Error, text);
                continue;
            }
            if (text.Contains("failed -- out of memory", StringComparison.Ordinal) || text.EndsWith("out of memory", StringComparison.Ordinal))
            {
                Add(PdEventKind.OutOfMemory, PdEventSeverity.Error, text);
                continue;
            }
            if (body is not null)
            {
                var obj = NamedLine().Match(body) is { Success: true } m ? m.Groups["name"].Value : null;
                Add(PdEventKind.ObjectError, PdEventSeverity.Error, body, e => e with { Object = obj });
                continue;
            }
            if (text.StartsWith("warning: ", StringComparison.Ordinal))
            {
                Add(PdEventKind.Post, PdEventSeverity.Warning, text);
                continue;
            }
            if (NamedLine().Match(text) is { Success: true } named && printNames.Contains(named.Groups["name"].Value))
            {
                Add(PdEventKind.Print, PdEventSeverity.Info, text, e =>
                    e with { PrintName = named.Groups["name"].Value, PrintValue = named.Groups["value"].Value });
                continue;
            }
            if (printNames.Contains(text))
            {
                // A print of an empty list: Pd prints the name alone.
                Add(PdEventKind.Print, PdEventSeverity.Info, text, e => e with { PrintName = text, PrintValue = "" });
                continue;
            }
            if (text.EndsWith(':') && printNames.Contains(text[..^1]))
            {
                Add(PdEventKind.Print, PdEventSeverity.Info, text, e => e with { PrintName = text[..^1], PrintValue = "" });
                continue;
            }
            if (hasUnnamedPrint)
            {
                Add(PdEventKind.Print, PdEventSeverity.Info, text, e => e with { PrintName = "", PrintValue = text });
                continue;
            }
            Add(PdEventKind.Post, PdEventSeverity.Info, text);
        }
        return new ParsedConsole(events, new RunMarkers(loaded, dspOn, done));
    }
}
