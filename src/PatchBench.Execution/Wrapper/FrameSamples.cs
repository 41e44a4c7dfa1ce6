using System.Globalization;

namespace PatchBench.Execution.Wrapper;

/// <summary>Reads the frame sampler's lines (<see cref="WrapperPatch.FrameSampler"/>) back into frames. Pure.</summary>
public static class FrameSamples
{
    /// <summary>
    /// The frames in <paramref name="printed"/>: lines named <paramref name="framePrint"/> carry <c>FRAME POINT R G B</c>;
    /// each frame also records how many other lines came before it. A frame missing points (Pd killed mid-frame) is dropped.
    /// </summary>
    public static IReadOnlyList<FrameSample> Collect(IReadOnlyList<PrintedLine> printed, string framePrint)
    {
        var frames = new List<FrameSample>();
        int others = 0, othersAtStart = 0, current = -1, points = WrapperPatch.FrameGrid * WrapperPatch.FrameGrid;
        var colours = new List<(double, double, double)>();
        void Close()
        {
            if (current >= 0 && colours.Count == points) frames.Add(new FrameSample(current, colours.ToArray(), othersAtStart));
            colours.Clear();
        }
        foreach (var line in printed)
        {
            if (line.Name != framePrint) { others++; continue; }
            var w = line.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (w.Length < 5 || !int.TryParse(w[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int frame)) continue;
            if (frame != current) { Close(); current = frame; othersAtStart = others; }
            colours.Add((Number(w[2]), Number(w[3]), Number(w[4])));
        }
        Close();
        return frames;
    }

    private static double Number(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 0;
}
