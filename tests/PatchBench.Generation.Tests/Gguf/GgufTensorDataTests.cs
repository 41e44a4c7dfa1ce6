using FsCheck;
using FsCheck.Fluent;
using PatchBench.Generation.Gguf;

namespace PatchBench.Generation.Tests;

/// <summary>The exporter's dequantization reads back what the GGUF writer quantized, as ggml defines the formats.</summary>
public class GgufTensorDataTests
{
    private static float[] RoundTrip(float[] values, GgmlType type)
    {
        using var stream = new MemoryStream();
        GgufWriter.WriteFloats(stream, values, type);
        var back = new float[values.Length];
        GgufTensorData.Dequantize(type, stream.ToArray(), back);
        return back;
    }

    [Fact]
    public void Q8_0_reads_back_within_half_a_step_of_each_block()
    {
        Prop.ForAll(Gen.Choose(-100000, 100000).Select(i => i / 1000f).ArrayOf(64).ToArbitrary(), values =>
        {
            var back = RoundTrip(values, GgmlType.Q8_0);
            for (var block = 0; block < 2; block++)
            {
                var x = values.AsSpan(block * 32, 32).ToArray();
                var step = x.Max(Math.Abs) / 127f;
                // half a quantization step, plus the F16 rounding of the scale (relative 2^-11 of the largest value)
                var tolerance = step / 2 + x.Max(Math.Abs) * 1e-3f + 1e-6f;
                for (var j = 0; j < 32; j++) if (Math.Abs(back[block * 32 + j] - x[j]) > tolerance) return false;
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Q8_0_block_layout_is_an_f16_scale_then_32_signed_bytes()
    {
        var raw = new byte[34];
        BitConverter.TryWriteBytes(raw, BitConverter.HalfToUInt16Bits((Half)0.5f));
        raw[2] = 254; // -2
        raw[33] = 127;
        var values = new float[32];
        GgufTensorData.Dequantize(GgmlType.Q8_0, raw, values);
        Assert.Equal(-1f, values[0]);
        Assert.Equal(0f, values[1]);
        Assert.Equal(63.5f, values[31]);
    }

    [Fact]
    public void F32_is_exact_and_f16_and_bf16_round_as_their_formats_do()
    {
        Prop.ForAll(Gen.Choose(-60000, 60000).Select(i => i / 7f).ArrayOf(16).ToArbitrary(), values =>
            RoundTrip(values, GgmlType.F32).SequenceEqual(values)
            && RoundTrip(values, GgmlType.F16).Zip(values).All(p => p.First == (float)(Half)p.Second)).QuickCheckThrowOnFailure();
        var bf16 = new byte[] { 0x80, 0x3F, 0x00, 0xC0 }; // 1.0, -2.0
        var decoded = new float[2];
        GgufTensorData.Dequantize(GgmlType.BF16, bf16, decoded);
        Assert.Equal([1f, -2f], decoded);
    }
}
