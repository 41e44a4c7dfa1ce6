using System.Globalization;
using System.Text;
using PatchBench.Pd.Model;
using PatchBench.Pd.Syntax;

namespace PatchBench.Execution.Wrapper;

/// <summary>The candidate's text with every <c>[dac~]</c> replaced by a tap, and how many channels the taps feed.</summary>
/// <param name="Text">The instrumented patch text (same line numbers as the original).</param>
/// <param name="Channels">The highest output channel any <c>dac~</c> used (0 when the patch has none).</param>
/// <param name="Replaced">How many <c>dac~</c> boxes were replaced.</param>
public sealed record InstrumentedPatch(string Text, int Channels, int Replaced);

/// <summary>
/// Replaces each <c>[dac~ a b …]</c> box of the candidate file by a subpatch with the same number
/// of signal inlets, each feeding <c>[throw~ NAME-ch]</c>; the wrapper's <c>[catch~ NAME-ch]</c>
/// records what would have reached the sound card. throw~ sums like dac~ does. The subpatch is
/// written on the dac~ record's own line so line numbers and box indices stay those of the
/// original. With <c>-nosound</c> nothing else listens to dac~, so nothing is lost.
/// </summary>
public static class DacInstrumentation
{
    /// <summary>Most channels captured.</summary>
    public const int MaxChannels = 8;

    /// <summary>Instruments <paramref name="text"/>, whose parse is <paramref name="patch"/>.</summary>
    /// <param name="text">The candidate text.</param>
    /// <param name="patch">Its parse.</param>
    /// <param name="busName">A name no candidate would use (the run's nonce), for the throw~/catch~ pairs.</param>
    public static InstrumentedPatch Instrument(string text, PdPatch patch, string busName)
    {
        var dacs = patch.Canvases.SelectMany(c => c.Boxes).Where(b => b.Kind == PdBoxKind.Object && b.ClassName == "dac~").ToList();
        var lineStarts = LineStarts(text);
        var edits = new List<(int Start, int End, string Replacement)>();
        int channels = 0;
        foreach (var dac in dacs)
        {
            var args = dac.Arguments;
            if (args.Any(a => a.Kind != PdAtomKind.Float)) continue;
            int[] chans = args.Count == 0 ? [1, 2] : args.Select(a => (int)a.Number).ToArray();
            if (chans.Any(c => c < 1 || c > MaxChannels)) continue;
            if (dac.Line < 1 || dac.Line > lineStarts.Count) continue;
            int start = lineStarts[dac.Line - 1] + dac.Column - 1;
            int end = RecordEnd(text, start);
            if (end < 0 || !text.AsSpan(start).StartsWith("#X")) continue;
            channels = Math.Max(channels, chans.Max());
            edits.Add((start, end, Tap(dac, chans, busName)));
        }
        if (edits.Count == 0) return new InstrumentedPatch(text, 0, 0);
        var sb = new StringBuilder(text);
        foreach (var (s, e, r) in edits.OrderByDescending(e => e.Start)) sb.Remove(s, e - s + 1).Insert(s, r);
        return new InstrumentedPatch(sb.ToString(), channels, edits.Count);
    }

    /// <summary>The name of the bus for one channel.</summary>
    public static string Bus(string busName, int channel) => $"{busName}-ch{channel}";

    private static string Tap(PdBox dac, int[] chans, string busName)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("#N canvas 0 0 450 300 patchbench-dac 0; ");
        for (int i = 0; i < chans.Length; i++) sb.Append(inv, $"#X obj {10 + 60 * i} 10 inlet~; ");
        for (int i = 0; i < chans.Length; i++) sb.Append(inv, $"#X obj {10 + 60 * i} 40 throw~ {Bus(busName, chans[i])}; ");
        for (int i = 0; i < chans.Length; i++) sb.Append(inv, $"#X connect {i} 0 {chans.Length + i} 0; ");
        sb.Append(inv, $"#X restore {dac.X.ToString(inv)} {dac.Y.ToString(inv)} pd patchbench-dac;");
        return sb.ToString();
    }

    private static List<int> LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++) if (text[i] == '\n') starts.Add(i + 1);
        return starts;
    }

    /// <summary>Index of the unescaped ';' that ends the record starting at <paramref name="start"/>, or -1.</summary>
    private static int RecordEnd(string text, int start)
    {
        for (int i = start; i < text.Length; i++)
        {
            if (text[i] == '\\') { i++; continue; }
            if (text[i] == ';') return i;
        }
        return -1;
    }
}
