using System.Security.Cryptography;
using System.Text;
using PatchBench.Harness.Runs;

namespace PatchBench.Harness.Systems;

/// <summary>
/// A system named on the command line: <c>backend[:target][,key=value…]</c>, e.g. <c>reference</c>,
/// <c>llamacpp:models/x.gguf,template=mistral,temperature=0.2</c>.
/// </summary>
/// <param name="Backend">Backend name, lower case.</param>
/// <param name="Target">Model path, URL or file the backend reads; null when none.</param>
/// <param name="Options">Options in the order given; keys are lower case.</param>
public sealed record SystemSpec(string Backend, string? Target, IReadOnlyList<KeyValuePair<string, string>> Options)
{
    /// <summary>Parses a spec; throws <see cref="HarnessInputException"/> naming what is wrong.</summary>
    public static SystemSpec Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new HarnessInputException("system spec is empty: expected backend[:target][,key=value…]");
        var parts = text.Trim().Split(',');
        var head = parts[0];
        var colon = head.IndexOf(':');
        var backend = (colon < 0 ? head : head[..colon]).Trim().ToLowerInvariant();
        var target = colon < 0 ? null : head[(colon + 1)..].Trim();
        if (backend.Length == 0 || !backend.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new HarnessInputException($"system spec '{text}': backend name '{backend}' must be letters, digits, '-' or '_'");
        var options = new List<KeyValuePair<string, string>>();
        foreach (var part in parts.Skip(1))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0) throw new HarnessInputException($"system spec '{text}': option '{part}' is not key=value");
            var key = part[..eq].Trim().ToLowerInvariant();
            if (options.Any(o => o.Key == key)) throw new HarnessInputException($"system spec '{text}': option '{key}' given twice");
            options.Add(new(key, part[(eq + 1)..].Trim()));
        }
        return new SystemSpec(backend, string.IsNullOrEmpty(target) ? null : target, options);
    }

    /// <summary>The value of option <paramref name="key"/>, or null.</summary>
    public string? Option(string key) => Options.FirstOrDefault(o => o.Key == key).Value;

    /// <summary>The canonical text: options sorted by key, so equal systems print (and hash) alike.</summary>
    public string Canonical
    {
        get
        {
            var sb = new StringBuilder(Backend);
            if (Target is not null) sb.Append(':').Append(Target);
            foreach (var o in Options.OrderBy(o => o.Key, StringComparer.Ordinal)) sb.Append(',').Append(o.Key).Append('=').Append(o.Value);
            return sb.ToString();
        }
    }

    /// <summary>SHA-256 (hex) of <see cref="Canonical"/>.</summary>
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical)));

    /// <summary>A short file-name-safe label: backend plus the target's file name.</summary>
    public string Slug
    {
        get
        {
            var name = Target is null ? Backend : Backend + "-" + Path.GetFileNameWithoutExtension(Target.TrimEnd('/', '\\'));
            var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray();
            var slug = new string(chars).Trim('-');
            return slug.Length > 40 ? slug[..40] : slug;
        }
    }

    /// <summary>SHA-256 of the model file (or of every file of a model folder) when the target is on disk; else null.</summary>
    public string? ModelFileHash()
    {
        if (Target is null) return null;
        if (File.Exists(Target)) return HashFile(Target);
        if (!Directory.Exists(Target)) return null;
        using var all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var f in Directory.EnumerateFiles(Target, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            all.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(Target, f) + "\n" + HashFile(f) + "\n"));
        }
        return Convert.ToHexStringLower(all.GetHashAndReset());
    }

    private static string HashFile(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }

    /// <inheritdoc />
    public override string ToString() => Canonical;
}
