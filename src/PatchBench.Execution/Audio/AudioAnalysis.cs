namespace PatchBench.Execution.Audio;

/// <summary>Coarse facts about one output channel.</summary>
/// <param name="Channel">1-based dac~ channel.</param>
/// <param name="Rms">Root mean square of the samples.</param>
/// <param name="Peak">Largest absolute sample.</param>
/// <param name="Silent">True when the peak is below <see cref="AudioAnalysis.SilenceThreshold"/> (-80 dBFS).</param>
/// <param name="DominantHz">Centre frequency of the strongest FFT bin (0 when silent).</param>
/// <param name="Bands">Share of the spectral energy in each band of <see cref="AudioAnalysis.BandEdgesHz"/> (sums to 1, all 0 when silent).</param>
/// <param name="Clipped">Samples with magnitude above 1 (what a sound card would clip).</param>
public sealed record ChannelReport(int Channel, double Rms, double Peak, bool Silent, double DominantHz, IReadOnlyList<double> Bands, int Clipped);

/// <summary>What the patch sent to dac~ during the timed stretch.</summary>
/// <param name="SampleRate">Sample rate of the capture.</param>
/// <param name="Seconds">Length of the capture.</param>
/// <param name="Channels">One report per captured channel.</param>
public sealed record AudioReport(int SampleRate, double Seconds, IReadOnlyList<ChannelReport> Channels)
{
    /// <summary>True when every channel is silent.</summary>
    public bool Silent => Channels.All(c => c.Silent);
}

/// <summary>Level and a coarse spectrum: 12 log-spaced bands from 20 Hz to Nyquist, from averaged Hann-windowed 2048-point FFTs.</summary>
public static class AudioAnalysis
{
    /// <summary>Peak below this (−80 dBFS) counts as silence.</summary>
    public const double SilenceThreshold = 1e-4;

    /// <summary>FFT frame length.</summary>
    public const int FrameSize = 2048;

    /// <summary>Number of spectrum bands.</summary>
    public const int BandCount = 12;

    /// <summary>Band edges in Hz for a sample rate: BandCount+1 log-spaced values from 20 Hz to Nyquist (the first band starts at 0).</summary>
    public static double[] BandEdgesHz(int sampleRate)
    {
        double lo = 20, hi = sampleRate / 2.0;
        var edges = Enumerable.Range(0, BandCount + 1).Select(i => lo * Math.Pow(hi / lo, i / (double)BandCount)).ToArray();
        edges[0] = 0;
        return edges;
    }

    /// <summary>Analyses a capture.</summary>
    public static AudioReport Analyse(AudioBuffer audio)
    {
        var reports = audio.Channels.Select((samples, i) => Channel(i + 1, samples, audio.SampleRate)).ToArray();
        double seconds = audio.Channels.Count > 0 ? audio.Channels[0].Length / (double)audio.SampleRate : 0;
        return new AudioReport(audio.SampleRate, seconds, reports);
    }

    private static ChannelReport Channel(int channel, float[] x, int rate)
    {
        double sum = 0, peak = 0;
        int clipped = 0;
        foreach (var s in x)
        {
            double a = Math.Abs(s);
            if (double.IsNaN(a)) continue;
            sum += (double)s * s;
            if (a > peak) peak = a;
            if (a > 1) clipped++;
        }
        double rms = x.Length > 0 ? Math.Sqrt(sum / x.Length) : 0;
        bool silent = peak < SilenceThreshold;
        var bands = new double[BandCount];
        double dominant = 0;
        if (!silent && x.Length >= 2)
        {
            var power = AveragePowerSpectrum(x);
            int best = 1;
            for (int k = 1; k < power.Length; k++) if (power[k] > power[best]) best = k;
            // Parabolic interpolation on log power refines the peak between bins.
            double shift = 0;
            if (best + 1 < power.Length && power[best - 1] > 0 && power[best + 1] > 0)
            {
                double a = Math.Log(power[best - 1]), b = Math.Log(power[best]), c = Math.Log(power[best + 1]);
                double d = a - 2 * b + c;
                if (d < 0) shift = Math.Clamp(0.5 * (a - c) / d, -0.5, 0.5);
            }
            dominant = (best + shift) * rate / (double)FrameSize;
            var edges = BandEdgesHz(rate);
            double total = 0;
            for (int k = 1; k < power.Length; k++)
            {
                double hz = k * rate / (double)FrameSize;
                int b = Array.FindLastIndex(edges, e => e <= hz);
                b = Math.Clamp(b, 0, BandCount - 1);
                bands[b] += power[k];
                total += power[k];
            }
            if (total > 0) for (int b = 0; b < BandCount; b++) bands[b] /= total;
        }
        return new ChannelReport(channel, rms, peak, silent, dominant, bands, clipped);
    }

    private static double[] AveragePowerSpectrum(float[] x)
    {
        var power = new double[FrameSize / 2 + 1];
        var window = Enumerable.Range(0, FrameSize).Select(i => 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / FrameSize)).ToArray();
        var re = new double[FrameSize];
        var im = new double[FrameSize];
        int frames = 0;
        for (int start = 0; start == 0 || start + FrameSize <= x.Length; start += FrameSize / 2)
        {
            for (int i = 0; i < FrameSize; i++)
            {
                float v = start + i < x.Length ? x[start + i] : 0f;
                re[i] = (float.IsNaN(v) ? 0 : v) * window[i];
                im[i] = 0;
            }
            Fft.Forward(re, im);
            for (int k = 0; k < power.Length; k++) power[k] += re[k] * re[k] + im[k] * im[k];
            frames++;
            if (start + FrameSize >= x.Length) break;
        }
        for (int k = 0; k < power.Length; k++) power[k] /= frames;
        return power;
    }
}
