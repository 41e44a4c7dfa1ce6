using System.Buffers.Binary;

namespace PatchBench.Execution.Audio;

/// <summary>Decoded audio: one float array per channel.</summary>
/// <param name="SampleRate">Frames per second.</param>
/// <param name="Channels">Samples per channel, all the same length.</param>
public sealed record AudioBuffer(int SampleRate, IReadOnlyList<float[]> Channels);

/// <summary>
/// Reads the RIFF/WAVE files Pd's soundfiler writes: PCM 16/24/32-bit or IEEE float 32-bit,
/// plain or WAVE_FORMAT_EXTENSIBLE. Only what the capture needs.
/// </summary>
public static class WavReader
{
    /// <summary>Decodes <paramref name="bytes"/>; throws <see cref="InvalidDataException"/> on anything else.</summary>
    public static AudioBuffer Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 12 || !bytes[..4].SequenceEqual("RIFF"u8) || !bytes[8..12].SequenceEqual("WAVE"u8))
            throw new InvalidDataException("not a RIFF/WAVE file");
        int pos = 12;
        int format = 0, channels = 0, rate = 0, bits = 0;
        while (pos + 8 <= bytes.Length)
        {
            var id = bytes.Slice(pos, 4);
            int size = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(pos + 4, 4)), (uint)(bytes.Length - pos - 8));
            var body = bytes.Slice(pos + 8, size);
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16) throw new InvalidDataException("short fmt chunk");
                format = BinaryPrimitives.ReadUInt16LittleEndian(body);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
                rate = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
                if (format == 0xFFFE && size >= 26) format = BinaryPrimitives.ReadUInt16LittleEndian(body[24..]);
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (channels <= 0 || bits == 0) throw new InvalidDataException("data chunk before fmt chunk");
                return Decode(body, format, channels, rate, bits);
            }
            pos += 8 + size + (size & 1);
        }
        throw new InvalidDataException("no data chunk");
    }

    private static AudioBuffer Decode(ReadOnlySpan<byte> data, int format, int channels, int rate, int bits)
    {
        int bytesPer = bits / 8;
        if (!(format == 1 && bits is 16 or 24 or 32) && !(format == 3 && bits == 32))
            throw new InvalidDataException($"unsupported WAV format {format} with {bits} bits");
        int frames = data.Length / (bytesPer * channels);
        var outp = Enumerable.Range(0, channels).Select(_ => new float[frames]).ToArray();
        for (int f = 0; f < frames; f++)
            for (int c = 0; c < channels; c++)
            {
                var s = data.Slice((f * channels + c) * bytesPer, bytesPer);
                outp[c][f] = (format, bits) switch
                {
                    (3, 32) => BinaryPrimitives.ReadSingleLittleEndian(s),
                    (1, 16) => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768f,
                    (1, 24) => ((s[0] | (s[1] << 8) | (s[2] << 16)) << 8 >> 8) / 8388608f,
                    _ => BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648f,
                };
            }
        return new AudioBuffer(rate, outp);
    }
}
