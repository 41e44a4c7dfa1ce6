using System.Buffers.Binary;
using System.Text;

namespace PatchBench.Training.Native;

/// <summary>One symbol-version requirement of an ELF shared library (an entry of <c>.gnu.version_r</c>).</summary>
/// <param name="File">The library the version is required from (e.g. libstdc++.so.6).</param>
/// <param name="Version">The version name (e.g. GLIBCXX_3.4.32).</param>
/// <param name="Weak">Whether the loader tolerates its absence (VER_FLG_WEAK).</param>
public sealed record ElfVersionNeed(string File, string Version, bool Weak);

/// <summary>
/// Reads and edits the version requirements of a little-endian ELF64 file in memory. The dynamic loader refuses a
/// library whose non-weak version requirement the system lacks, even when no relocation uses a symbol of that
/// version; marking such a requirement weak (what <c>ld</c> does for <c>--weak</c> references) keeps every other
/// check and changes nothing else in the file.
/// </summary>
public static class ElfVersionNeeds
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    /// <summary>Every version requirement, in file order; empty when the file is not ELF64 or has none.</summary>
    public static IReadOnlyList<ElfVersionNeed> Read(ReadOnlySpan<byte> elf)
    {
        var needs = new List<ElfVersionNeed>();
        Walk(elf, (file, version, flags, _) => needs.Add(new ElfVersionNeed(file, version, (flags & VerFlagWeak) != 0)));
        return needs;
    }

    /// <summary>
    /// Marks the requirements named <paramref name="versions"/> weak, in place; returns how many changed (0 when
    /// they were already weak or absent, so a second call is a no-op).
    /// </summary>
    public static int MarkWeak(Span<byte> elf, IReadOnlySet<string> versions)
    {
        var offsets = new List<int>();
        Walk(elf, (_, version, flags, flagsAt) => { if (versions.Contains(version) && (flags & VerFlagWeak) == 0) offsets.Add(flagsAt); });
        foreach (var at in offsets)
        {
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(elf[at..]);
            BinaryPrimitives.WriteUInt16LittleEndian(elf[at..], (ushort)(flags | VerFlagWeak));
        }
        return offsets.Count;
    }

    // Walks Elf64_Verneed / Elf64_Vernaux chains (elf.h): callback(file, version, vna_flags, offset of vna_flags).
    private static void Walk(ReadOnlySpan<byte> elf, WalkCallback callback)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F') return;
        if (elf[4] != 2 || elf[5] != 1) throw new NotSupportedException("only little-endian ELF64 files are handled");
        var shoff = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(elf[0x28..]));
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3a..]), shnum = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3c..]);
        for (var s = 0; s < shnum; s++)
        {
            var sh = elf[(shoff + s * shentsize)..];
            if (BinaryPrimitives.ReadUInt32LittleEndian(sh[4..]) != ShtGnuVerneed) continue;
            var offset = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(sh[0x18..]));
            var link = (int)BinaryPrimitives.ReadUInt32LittleEndian(sh[0x28..]);
            var count = (int)BinaryPrimitives.ReadUInt32LittleEndian(sh[0x2c..]); // sh_info: number of Verneed entries
            var strings = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(elf[(shoff + link * shentsize + 0x18)..]));
            var at = offset;
            for (var n = 0; n < count; n++)
            {
                var need = elf[at..];
                int auxCount = BinaryPrimitives.ReadUInt16LittleEndian(need[2..]);
                var file = CString(elf, strings + (int)BinaryPrimitives.ReadUInt32LittleEndian(need[4..]));
                var aux = at + (int)BinaryPrimitives.ReadUInt32LittleEndian(need[8..]);
                for (var a = 0; a < auxCount; a++)
                {
                    var entry = elf[aux..];
                    var flags = BinaryPrimitives.ReadUInt16LittleEndian(entry[4..]);
                    callback(file, CString(elf, strings + (int)BinaryPrimitives.ReadUInt32LittleEndian(entry[8..])), flags, aux + 4);
                    var nextAux = (int)BinaryPrimitives.ReadUInt32LittleEndian(entry[12..]);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                var next = (int)BinaryPrimitives.ReadUInt32LittleEndian(need[12..]);
                if (next == 0) break;
                at += next;
            }
        }
    }

    private delegate void WalkCallback(string file, string version, ushort flags, int flagsOffset);

    private static string CString(ReadOnlySpan<byte> elf, int at)
    {
        var end = elf[at..].IndexOf((byte)0);
        return Encoding.ASCII.GetString(elf.Slice(at, end < 0 ? elf.Length - at : end));
    }
}
