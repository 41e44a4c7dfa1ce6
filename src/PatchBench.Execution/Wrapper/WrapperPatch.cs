using System.Globalization;
using System.Text;

namespace PatchBench.Execution.Wrapper;

/// <summary>
/// The patch Pd opens after the candidate. On load it prints a marker (so everything before it
/// belongs to loading the candidate), switches DSP on, prints a second marker (so DSP-sort errors
/// lie between the two), waits <c>seconds</c> of logical time, writes the captured channels with
/// <c>[soundfiler]</c> (synchronous, unlike writesf~'s thread), prints the last marker and quits.
/// The markers use a per-run secret print name, so a candidate cannot fake them.
/// </summary>
public static class WrapperPatch
{
    /// <summary>Builds the wrapper text.</summary>
    /// <param name="markerName">Secret print name for the markers.</param>
    /// <param name="seconds">Logical seconds to run with DSP on.</param>
    /// <param name="channels">Channels to capture from the dac~ taps (0 for none).</param>
    /// <param name="busName">The tap bus name used by <see cref="DacInstrumentation"/>.</param>
    /// <param name="capturePath">Absolute path of the WAV file to write the capture to.</param>
    /// <param name="sampleRate">Pd's sample rate (passed with -r).</param>
    public static string Build(string markerName, double seconds, int channels, string busName, string capturePath, int sampleRate)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        void L(string s) => sb.Append(s).Append('\n');
        L("#N canvas 0 0 600 400 12;");
        L("#X obj 10 10 loadbang;");                                   // 0
        L("#X obj 10 40 t b b b b;");                                  // 1
        L("#X msg 200 70 loaded;");                                    // 2
        L(string.Create(inv, $"#X obj 200 300 print {markerName};")); // 3
        L("#X msg 140 70 \\; pd dsp 1;");                              // 4
        L("#X msg 80 70 dsp;");                                        // 5
        L(string.Create(inv, $"#X obj 10 100 delay {(seconds * 1000).ToString("0.###", inv)};")); // 6
        L("#X obj 10 130 t b b b;");                                   // 7
        L("#X msg 80 160 done;");                                      // 8
        L("#X msg 10 160 \\; pd quit;");                              // 9
        L("#X connect 0 0 1 0;");
        L("#X connect 1 3 2 0;");
        L("#X connect 2 0 3 0;");
        L("#X connect 1 2 4 0;");
        L("#X connect 1 1 5 0;");
        L("#X connect 5 0 3 0;");
        L("#X connect 1 0 6 0;");
        L("#X connect 6 0 7 0;");
        L("#X connect 7 1 8 0;");
        L("#X connect 8 0 3 0;");
        L("#X connect 7 0 9 0;");
        if (channels > 0)
        {
            long frames = (long)Math.Ceiling(seconds * sampleRate);
            int next = 10;
            int soundfiler = next++;
            int writeMsg = next++;
            var arrays = Enumerable.Range(1, channels).Select(c => $"{busName}-rec{c}").ToArray();
            L(string.Create(inv, $"#X obj 300 220 soundfiler;"));
            L(string.Create(inv, $"#X msg 300 190 write -wave -bytes 4 {Escape(capturePath)} {string.Join(' ', arrays)};"));
            L(string.Create(inv, $"#X connect 7 2 {writeMsg} 0;"));
            L(string.Create(inv, $"#X connect {writeMsg} 0 {soundfiler} 0;"));
            for (int c = 1; c <= channels; c++)
            {
                int array = next++, catcher = next++, rec = next++;
                L(string.Create(inv, $"#X obj {300 + 100 * c} 10 array define {arrays[c - 1]} {frames};"));
                L(string.Create(inv, $"#X obj {300 + 100 * c} 40 catch~ {DacInstrumentation.Bus(busName, c)};"));
                L(string.Create(inv, $"#X obj {300 + 100 * c} 70 tabwrite~ {arrays[c - 1]};"));
                L(string.Create(inv, $"#X connect {catcher} 0 {rec} 0;"));
                // Recording starts with the timed stretch (the same bang that starts the delay).
                L(string.Create(inv, $"#X connect 1 0 {rec} 0;"));
                _ = array;
            }
        }
        return sb.ToString();
    }

    /// <summary>Escapes a path for Pd's text format (spaces, commas, semicolons, dollars).</summary>
    public static string Escape(string word)
    {
        var sb = new StringBuilder();
        foreach (var ch in word)
        {
            if (ch is ' ' or ',' or ';' or '$' or '\\') sb.Append('\\');
            sb.Append(ch);
        }
        return sb.ToString();
    }
}
