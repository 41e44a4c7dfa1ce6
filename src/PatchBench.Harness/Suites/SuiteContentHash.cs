using System.Security.Cryptography;
using System.Text;

namespace PatchBench.Harness.Suites;

/// <summary>
/// The suite's content hash: SHA-256 over the manifest, then every item (ordered by id, ordinal)
/// as its item file followed by its reference file. Each part is framed by its relative path and
/// length so no two different suites hash alike by shifting bytes between files; CRLF is read as
/// LF so a Windows checkout hashes the same.
/// </summary>
public static class SuiteContentHash
{
    /// <summary>A file that takes part in the hash: its path relative to the suite folder and its bytes.</summary>
    public sealed record Part(string RelativePath, byte[] Bytes);

    /// <summary>Hashes the parts in the canonical order the caller gives (manifest, then per item: item file, reference).</summary>
    public static string Compute(IEnumerable<Part> parts)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in parts)
        {
            var body = NormalizeNewlines(part.Bytes);
            var header = Encoding.UTF8.GetBytes($"{part.RelativePath.Replace('\\', '/')}\0{body.Length}\0");
            sha.AppendData(header);
            sha.AppendData(body);
        }
        return "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The canonical order: manifest first, then items by ordinal id, each item file before its reference.</summary>
    public static IEnumerable<Part> CanonicalParts(Part manifest, IEnumerable<(string Id, Part Item, Part Reference)> items)
    {
        yield return manifest;
        foreach (var (_, item, reference) in items.OrderBy(i => i.Id, StringComparer.Ordinal))
        {
            yield return item;
            yield return reference;
        }
    }

    static byte[] NormalizeNewlines(byte[] bytes)
    {
        if (Array.IndexOf(bytes, (byte)'\r') < 0) return bytes;
        var list = new List<byte>(bytes.Length);
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '\r' && i + 1 < bytes.Length && bytes[i + 1] == '\n') continue;
            list.Add(bytes[i]);
        }
        return [.. list];
    }
}
