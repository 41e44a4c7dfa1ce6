using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using PatchBench.Execution.Audio;
using PatchBench.Execution.Wrapper;
using PatchBench.Pd;

namespace PatchBench.Execution.Tests;

/// <summary>FFT, analysis, WAV reading and the dac~ instrumentation, on generated signals and texts.</summary>
public sealed class AudioTests
{
    [Fact]
    public void Fft_of_a_bin_centred_sine_puts_all_energy_in_that_bin()
    {
        int n = 256, k = 19;
        var re = Enumerable.Range(0, n).Select(i => Math.Sin(2 * Math.PI * k * i / n)).ToArray();
        var im = new double[n];
        Fft.Forward(re, im);
        var mag = re.Zip(im, (a, b) => Math.Sqrt(a * a + b * b)).ToArray();
        Assert.InRange(mag[k], n / 2 - 1e-6, n / 2 + 1e-6);
        Assert.All(mag.Select((m, i) => (m, i)).Where(t => t.i != k && t.i != n - k), t => Assert.True(t.m < 1e-9));
    }

    [Fact]
    public void Fft_keeps_energy_parseval()
    {
        Prop.ForAll(Arb.From(Gen.ArrayOf(Gen.Choose(-1000, 1000), 64)), ints =>
        {
            var re = ints.Select(i => i / 1000.0).ToArray();
            var im = new double[re.Length];
            double time = re.Sum(x => x * x);
            Fft.Forward(re, im);
            double freq = re.Zip(im, (a, b) => a * a + b * b).Sum() / re.Length;
            return Math.Abs(time - freq) < 1e-9 * Math.Max(1, time);
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(440.0)]
    [InlineData(1000.0)]
    [InlineData(5000.0)]
    public void Analysis_finds_level_and_frequency_of_a_sine(double hz)
    {
        int rate = 44100;
        var x = Enumerable.Range(0, rate / 2).Select(i => (float)(0.25 * Math.Sin(2 * Math.PI * hz * i / rate))).ToArray();
        var r = AudioAnalysis.Analyse(new AudioBuffer(rate, [x, new float[x.Length]]));
        var c = r.Channels[0];
        Assert.InRange(c.Peak, 0.249, 0.2501);
        Assert.InRange(c.Rms, 0.25 / Math.Sqrt(2) - 0.002, 0.25 / Math.Sqrt(2) + 0.002);
        Assert.InRange(c.DominantHz, hz - 3, hz + 3);
        Assert.InRange(c.Bands.Sum(), 0.999, 1.001);
        var edges = AudioAnalysis.BandEdgesHz(rate);
        int band = Array.FindLastIndex(edges, e => e <= hz);
        Assert.True(c.Bands[band] > 0.9);
        Assert.True(r.Channels[1].Silent);
        Assert.False(r.Silent);
    }

    [Fact]
    public void Wav_reader_reads_float_and_16_bit_pcm()
    {
        static byte[] Wav(int format, int bits, int channels, byte[] data)
        {
            var b = new byte[44 + data.Length];
            "RIFF"u8.CopyTo(b);
            BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(4), 36 + data.Length);
            "WAVEfmt "u8.CopyTo(b.AsSpan(8));
            BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(16), 16);
            BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(20), (short)format);
            BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(22), (short)channels);
            BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(24), 48000);
            BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(34), (short)bits);
            "data"u8.CopyTo(b.AsSpan(36));
            BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(40), data.Length);
            data.CopyTo(b, 44);
            return b;
        }
        var f = new byte[16];
        BinaryPrimitives.WriteSingleLittleEndian(f, 0.5f);
        BinaryPrimitives.WriteSingleLittleEndian(f.AsSpan(4), -0.25f);
        BinaryPrimitives.WriteSingleLittleEndian(f.AsSpan(8), 1f);
        var a = WavReader.Read(Wav(3, 32, 2, f));
        Assert.Equal(48000, a.SampleRate);
        Assert.Equal([0.5f, 1f], a.Channels[0]);
        Assert.Equal([-0.25f, 0f], a.Channels[1]);
        var p = new byte[4];
        BinaryPrimitives.WriteInt16LittleEndian(p, 16384);
        BinaryPrimitives.WriteInt16LittleEndian(p.AsSpan(2), -32768);
        Assert.Equal([0.5f, -1f], WavReader.Read(Wav(1, 16, 1, p)).Channels[0]);
        Assert.Throws<InvalidDataException>(() => WavReader.Read("RIFFxxxxWAVE"u8));
    }

    [Fact]
    public void Dac_instrumentation_keeps_lines_and_box_indices_and_counts_channels()
    {
        var text = "#N canvas 0 0 400 300 12;\n#X obj 10 10 osc~ 440;\n#N canvas 0 0 450 300 sub 0;\n#X obj 10 10 inlet~;\n#X obj 10 40 dac~ 1 4, f 8;\n#X " +
            "connect 0 0 1 1;\n#X restore 10 40 pd sub;\n#X obj 10 70 dac~;\n#X obj 10 100 dac~ \\$1;\n#X connect 0 0 1 0;\n#X connect 0 0 2 0;\n";
        var patch = PdParser.Parse(text);
        var inst = DacInstrumentation.Instrument(text, patch, "bus");
        Assert.Equal(4, inst.Channels);
        Assert.Equal(2, inst.Replaced); // the dac~ with a $1 channel is left alone
        Assert.Equal(text.Split('\n').Length, inst.Text.Split('\n').Length);
        var after = PdParser.Parse(inst.Text);
        Assert.False(after.HasErrors);
        Assert.Equal(patch.Root.Boxes.Count, after.Root.Boxes.Count);
        Assert.Equal("pd", after.Root.Boxes[2].ClassName);
        Assert.Equal(8, after.Root.Boxes[2].Line);
        Assert.Equal(["throw~ bus-ch1", "throw~ bus-ch2"], after.Root.Boxes[2].Subcanvas!.Boxes.Skip(2).Select(b => b.Text));
        Assert.Equal(patch.Root.Connections.Select(c => (c.Source, c.Sink, c.Line)), after.Root.Connections.Select(c => (c.Source, c.Sink, c.Line)));
    }

    [Fact]
    public void Danger_scan_flags_outside_paths_network_subprocesses_and_pd_messages()
    {
        var patch = PdParser.Parse("#N canvas 0 0 400 300 12;\n#X msg 10 10 symbol /etc/passwd;\n#X obj 10 40 file delete;\n#X obj 10 70 netsend -u;\n#X obj " +
            "10 100 pd~;\n#X msg 10 130 \\; pd open x.pd /tmp;\n#X msg 10 160 write ../up.txt;\n#X msg 10 190 write here.txt;\n");
        var found = PreCheck.DangerScan.Scan(patch);
        Assert.Equal(["outside-path", "file-access", "network", "subprocess", "outside-path", "pd-open", "outside-path"], found.Select(f => f.Code));
        Assert.Equal([2, 3, 4, 5, 6, 6, 7], found.Select(f => f.Line));
    }
}
