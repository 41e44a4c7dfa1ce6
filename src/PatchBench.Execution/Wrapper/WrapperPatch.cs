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

    /// <summary>A patch file holding only the <see cref="FrameSampler"/> subpatch.</summary>
    public static string FrameSamplerFile(string printName) => "#N canvas 0 0 450 300 12;\n" + FrameSampler(printName);

    /// <summary>
    /// Side of the square [pix_snap] grabs from the window's lower-left corner: Gem's default window (500×500). Without
    /// arguments [pix_snap] grabs a smaller corner and misses a centred shape; a window made larger with <c>dimen</c> is
    /// sampled in this corner only (docs/checks.md, "Frames").
    /// </summary>
    public const int SnapSize = 500;

    /// <summary>Grid points per side sampled in each frame.</summary>
    public const int FrameGrid = 16;

    /// <summary>
    /// A subpatch (so it needs no index in the wrapper) that samples every rendered Gem frame: its <c>[gemhead -1000]</c>
    /// renders after every other chain, <c>[pix_snap]</c> grabs the window, and <c>[pix_data]</c> reads a <see cref="FrameGrid"/>×<see cref="FrameGrid"/> grid
    /// of points,
    /// each printed as <c>FRAME POINT R G B</c>. Without a <c>[gemwin]</c> nothing renders and nothing is printed.
    /// </summary>
    /// <remarks>
    /// It goes in a file of its own (<see cref="FrameSamplerFile"/>) that Pd opens before the candidate: Gem initialises a
    /// chain's context when the window is created, so a [pix_snap] made after a candidate's loadbang opened the window
    /// never gets one ("not initialized yet with a valid context") and no frame would be sampled.
    /// </remarks>
    public static string FrameSampler(string printName)
    {
        var inv = CultureInfo.InvariantCulture;
        double step = 1.0 / FrameGrid, half = step / 2;
        string[] boxes =
        [
            "obj 10 10 gemhead -1000", "obj 10 40 t b b b a b", // 0-1
            string.Create(inv, $"obj 200 70 pix_snap 0 0 {SnapSize} {SnapSize}"), "obj 200 100 pix_data", // 2-3
            string.Create(inv, $"msg 10 70 {FrameGrid * FrameGrid}"), "obj 10 100 until", "obj 10 130 f", "obj 50 130 + 1", // 4-7
            "obj 10 160 t b f f f", string.Create(inv, $"obj 60 190 mod {FrameGrid}"), string.Create(inv, $"obj 60 220 * {step}"), // 8-10
            string.Create(inv, $"obj 60 250 + {half}"), string.Create(inv, $"obj 130 190 div {FrameGrid}"), // 11-12
            string.Create(inv, $"obj 130 220 * {step}"), // 13
            string.Create(inv, $"obj 130 250 + {half}"), "obj 200 190 list prepend", "obj 200 220 list prepend", // 14-16
            $"obj 200 250 print {printName}", "obj 300 40 f", "obj 340 40 + 1", "msg 260 40 0",                       // 17-20
        ];
        int[][] wires =
        [
            [0, 0, 1, 0], [1, 4, 2, 0], [1, 3, 2, 0], [2, 0, 3, 1],
            [1, 2, 18, 0], [18, 0, 19, 0], [19, 0, 18, 1], [18, 0, 16, 1],
            [1, 1, 20, 0], [20, 0, 6, 1],
            [1, 0, 4, 0], [4, 0, 5, 0], [5, 0, 6, 0], [6, 0, 7, 0], [7, 0, 6, 1], [6, 0, 8, 0],
            [8, 3, 15, 1], [8, 2, 12, 0], [12, 0, 13, 0], [13, 0, 14, 0], [14, 0, 3, 3],
            [8, 1, 9, 0], [9, 0, 10, 0], [10, 0, 11, 0], [11, 0, 3, 2], [8, 0, 3, 0],
            [3, 1, 15, 0], [15, 0, 16, 0], [16, 0, 17, 0],
        ];
        var sb = new StringBuilder("#N canvas 0 0 450 300 frames 0;\n");
        foreach (var b in boxes) sb.Append("#X ").Append(b).Append(";\n");
        foreach (var w in wires) sb.Append(inv, $"#X connect {w[0]} {w[1]} {w[2]} {w[3]};\n");
        sb.Append("#X restore 10 400 pd frames;\n");
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
