using PatchBench.Execution.Audio;

namespace PatchBench.Execution.Checks;

/// <summary>What a check measured in one audio window (the loudest captured channel).</summary>
/// <param name="PeakDb">Highest short-time RMS level, in dBFS (1024-sample windows every 512, like <c>env~</c>); -200 for digital silence.</param>
/// <param name="MedianPitchHz">Median of the voiced frames' pitch estimates, or null when nothing is pitched.</param>
/// <param name="Semitones">Distinct pitches (MIDI, rounded) seen in at least two frames.</param>
/// <param name="Flatness">Spectral flatness of the averaged spectrum between 200 Hz and 8 kHz (1 = white noise, near 0 = tones).</param>
/// <param name="Bands">Share of the energy in each of <see cref="AudioAnalysis"/>'s 12 bands.</param>
/// <param name="RmsDb">RMS level over the whole window, in dBFS.</param>
public sealed record AudioMeasure(double PeakDb, double? MedianPitchHz, IReadOnlyList<int> Semitones, double Flatness, IReadOnlyList<double> Bands,
    double RmsDb)
{
    /// <summary>Sounding: the short-time level exceeded −60 dBFS (40 dB on env~'s scale).</summary>
    public bool Sounding => PeakDb > AudioMeasures.SoundingDb;
}

/// <summary>Pure measurements of a captured window: level, pitch (YIN), flatness, band shares.</summary>
public static class AudioMeasures
{
    /// <summary>Level above which a recording counts as sounding (docs/suites.md).</summary>
    public const double SoundingDb = -60;

    /// <summary>Flatness above which a spectrum counts as broadband (white noise measures ~0.5–0.6 with these settings, pure tones &lt; 0.01).</summary>
    public const double BroadbandFlatness = 0.2;

    /// <summary>Measures <paramref name="window"/> of <paramref name="capture"/>: level and pitch of the channel with the highest RMS, spectrum of the
    /// mix.</summary>
    public static AudioMeasure Measure(AudioBuffer capture, AudioWindow window)
    {
        int rate = capture.SampleRate;
        int start = (int)Math.Round(window.StartMs * rate / 1000.0);
        int length = (int)Math.Round(window.LengthMs * rate / 1000.0);
        float[] best = [];
        double bestRms = -1;
        foreach (var ch in capture.Channels)
        {
            int s = Math.Clamp(start, 0, ch.Length);
            int e = Math.Clamp(start + length, s, ch.Length);
            var x = ch[s..e];
            double rms = Rms(x, 0, x.Length);
            if (rms > bestRms) { bestRms = rms; best = x; }
        }
        // Band shares and flatness of the mix of all channels, so a change in a quieter channel shows and a
        // mono patch compares like a stereo one; level and pitch from the loudest channel.
        var mix = new float[best.Length];
        foreach (var ch in capture.Channels)
        {
            int s = Math.Clamp(start, 0, ch.Length);
            for (int i = 0; i < mix.Length && s + i < ch.Length; i++) mix[i] += float.IsFinite(ch[s + i]) ? ch[s + i] : 0;
        }
        var loudest = Measure(best, rate);
        var (flatness, bands) = Spectrum(mix, rate);
        return loudest with { Flatness = flatness, Bands = bands };
    }

    /// <summary>Measures a mono signal.</summary>
    public static AudioMeasure Measure(float[] x, int rate)
    {
        double peak = 0;
        for (int s = 0; s + 1024 <= x.Length || (s == 0 && x.Length > 0); s += 512)
        {
            peak = Math.Max(peak, Rms(x, s, Math.Min(1024, x.Length - s)));
            if (s + 1024 >= x.Length) break;
        }
        var pitches = new List<double>();
        const int frame = 2048;
        for (int s = 0; s + frame <= x.Length; s += frame / 2)
        {
            if (Rms(x, s, frame) < 1e-3) continue;
            if (Yin(x, s, frame, rate) is double hz) pitches.Add(hz);
        }
        pitches.Sort();
        double? median = pitches.Count > 0 ? pitches[pitches.Count / 2] : null;
        var semis = pitches.Select(p => (int)Math.Round(69 + 12 * Math.Log2(p / 440))).GroupBy(m => m).Where(g => g.Count() >= 2).Select(g => g.Key)
            .OrderBy(m => m).ToArray();
        var (flatness, bands) = Spectrum(x, rate);
        return new AudioMeasure(ToDb(peak), median, semis, flatness, bands, ToDb(Rms(x, 0, x.Length)));
    }

    /// <summary>L1 distance between two band-share vectors (0 same, 2 disjoint).</summary>
    public static double SpectrumDistance(IReadOnlyList<double> a, IReadOnlyList<double> b) =>
        a.Zip(b).Sum(p => Math.Abs(p.First - p.Second));

    private static double ToDb(double rms) => rms <= 1e-10 ? -200 : 20 * Math.Log10(rms);

    private static double Rms(float[] x, int start, int count)
    {
        if (count <= 0) return 0;
        double sum = 0;
        for (int i = start; i < start + count; i++) { double v = float.IsFinite(x[i]) ? x[i] : 0; sum += v * v; }
        return Math.Sqrt(sum / count);
    }

    /// <summary>YIN fundamental estimate (de Cheveigné &amp; Kawahara 2002) between 40 Hz and 2 kHz, or null when unvoiced.</summary>
    private static double? Yin(float[] x, int start, int frame, int rate)
    {
        int w = frame / 2;
        int minTau = Math.Max(2, rate / 2000), maxTau = Math.Min(w - 1, rate / 40);
        var d = new double[maxTau + 2];
        for (int tau = 1; tau <= maxTau + 1; tau++)
        {
            double sum = 0;
            for (int i = 0; i < w; i++) { double diff = x[start + i] - x[start + i + tau]; sum += diff * diff; }
            d[tau] = sum;
        }
        double running = 0;
        var cmnd = new double[maxTau + 2];
        cmnd[0] = 1;
        for (int tau = 1; tau <= maxTau + 1; tau++) { running += d[tau]; cmnd[tau] = running > 0 ? d[tau] * tau / running : 1; }
        for (int tau = minTau; tau <= maxTau; tau++)
        {
            if (cmnd[tau] < 0.15)
            {
                while (tau + 1 <= maxTau && cmnd[tau + 1] < cmnd[tau]) tau++;
                double a = cmnd[tau - 1], b = cmnd[tau], c = cmnd[tau + 1];
                double den = a - 2 * b + c;
                double shift = den > 0 ? Math.Clamp(0.5 * (a - c) / den, -0.5, 0.5) : 0;
                return rate / (tau + shift);
            }
        }
        return null;
    }

    private static (double Flatness, double[] Bands) Spectrum(float[] x, int rate)
    {
        const int n = AudioAnalysis.FrameSize;
        var power = new double[n / 2 + 1];
        var window = Enumerable.Range(0, n).Select(i => 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / n)).ToArray();
        var re = new double[n];
        var im = new double[n];
        int frames = 0;
        for (int s = 0; s == 0 || s + n <= x.Length; s += n / 2)
        {
            for (int i = 0; i < n; i++) { float v = s + i < x.Length ? x[s + i] : 0f; re[i] = (float.IsFinite(v) ? v : 0) * window[i]; im[i] = 0; }
            Fft.Forward(re, im);
            for (int k = 0; k < power.Length; k++) power[k] += re[k] * re[k] + im[k] * im[k];
            frames++;
            if (s + n >= x.Length) break;
        }
        int lo = (int)Math.Ceiling(200.0 * n / rate), hi = Math.Min(power.Length - 1, (int)(8000.0 * n / rate));
        double logSum = 0, sum = 0;
        int count = 0;
        for (int k = lo; k <= hi; k++) { double p = power[k] / frames + 1e-20; logSum += Math.Log(p); sum += p; count++; }
        double flatness = count > 0 && sum > count * 1e-19 ? Math.Exp(logSum / count) / (sum / count) : 0;
        var edges = AudioAnalysis.BandEdgesHz(rate);
        var bands = new double[AudioAnalysis.BandCount];
        double total = 0;
        for (int k = 1; k < power.Length; k++)
        {
            double hz = k * rate / (double)n;
            int b = Math.Clamp(Array.FindLastIndex(edges, e => e <= hz), 0, AudioAnalysis.BandCount - 1);
            bands[b] += power[k];
            total += power[k];
        }
        if (total > 0) for (int b = 0; b < bands.Length; b++) bands[b] /= total;
        return (flatness, bands);
    }
}
