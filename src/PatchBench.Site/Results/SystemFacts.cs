using System.Globalization;
using System.Text.RegularExpressions;
using PatchBench.Generation.Gguf;
using PatchBench.Harness.Records;

namespace PatchBench.Site.Results;

/// <summary>What the leaderboard says about a run's system: model, size, quantisation, backend, template, few-shot k, hardware, and its checkpoint.</summary>
/// <param name="Model">Model name (GGUF general.name, else the model file's name, else the backend).</param>
/// <param name="Size">Parameter count (e.g. <c>7.2B</c>), or empty when unknown.</param>
/// <param name="Quantization">Quantisation (e.g. <c>Q4_K_M</c>), or empty.</param>
/// <param name="FromGguf">True when model, size and quantisation were read from the GGUF file itself.</param>
/// <param name="Backend">Backend name.</param>
/// <param name="Template">Prompt template option, or empty.</param>
/// <param name="FewShot">Few-shot k option, or empty.</param>
/// <param name="Hardware">GPU name when there is one, else CPU model and cores.</param>
/// <param name="Family">Model family (file name without the checkpoint part), or null for systems without a model file.</param>
/// <param name="Step">Training step of the checkpoint, or null.</param>
/// <param name="Date">Checkpoint date (days since 1970), or null.</param>
public sealed record SystemFacts(string Model, string Size, string Quantization, bool FromGguf, string Backend, string Template, string FewShot,
    string Hardware, string? Family, double? Step, double? Date)
{
    // The checkpoint rule (docs/site.md): a model file stem ending in "-step<N>" (or "_step<N>", ".step<N>") is step N of family
    // <stem without it>; ending in "-<yyyy-mm-dd>" or "-<yyyymmdd>" is that date of the family. Case-insensitive.
    private static readonly Regex StepPattern = new(@"^(?<family>.+?)[-_.](?:step|ckpt|checkpoint)[-_]?(?<step>\d+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex DatePattern = new(@"^(?<family>.+?)[-_.](?<y>\d{4})-?(?<m>\d{2})-?(?<d>\d{2})$", RegexOptions.CultureInvariant);
    private static readonly Regex SizePattern = new(@"(?<![A-Za-z0-9])(?<n>\d+(?:\.\d+)?)(?<u>[bBmM])(?![A-Za-z0-9])", RegexOptions.CultureInvariant);
    private static readonly Regex QuantPattern = new(@"(?<![A-Za-z0-9])(?<q>(?:I?Q\d(?:_[A-Z0-9]+)*)|F16|F32|BF16)(?![A-Za-z0-9])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>The model file a system spec names (<c>llamacpp:models/x.gguf,…</c>), or null.</summary>
    public static string? ModelPath(SystemIdentity system)
    {
        var spec = system.Spec;
        var colon = spec.IndexOf(':');
        if (colon < 0) return null;
        var target = spec[(colon + 1)..];
        var comma = target.IndexOf(',');
        if (comma >= 0) target = target[..comma];
        if (target.StartsWith("http://", StringComparison.Ordinal) || target.StartsWith("https://", StringComparison.Ordinal))
        {
            var hash = target.IndexOf('#');
            return hash >= 0 ? target[(hash + 1)..] : null;
        }
        return target.Length == 0 ? null : target;
    }

    /// <summary>Describes <paramref name="run"/>; the model file is looked up as given and relative to <paramref name="baseDirectories"/>.</summary>
    public static SystemFacts Of(RunInfo run, IEnumerable<string> baseDirectories)
    {
        var system = run.System;
        var path = ModelPath(system);
        string model = system.Backend, size = "", quant = "";
        bool fromGguf = false;
        if (path is not null)
        {
            var stem = StemOf(path);
            model = stem;
            if (path.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase) && Locate(path, baseDirectories) is { } file && TryGguf(file) is { } gguf)
            {
                model = gguf.Name;
                size = FormatParameters(gguf.ParameterCount);
                quant = gguf.Quantization;
                fromGguf = true;
            }
            else
            {
                if (SizePattern.Match(stem) is { Success: true } s) size = s.Groups["n"].Value + s.Groups["u"].Value.ToUpperInvariant();
                if (QuantPattern.Match(stem) is { Success: true } q) quant = q.Groups["q"].Value.ToUpperInvariant();
            }
        }
        var (family, step, date) = Checkpoint(path);
        var options = system.Options;
        var fewShot = options.GetValueOrDefault("fewshot") ?? options.GetValueOrDefault("k") ?? "";
        var machine = run.Machine;
        var hardware = !string.IsNullOrEmpty(machine.GpuName)
            ? machine.GpuName!
            : $"{Shorten(machine.CpuModel ?? "CPU")} ×{machine.Cores.ToString(CultureInfo.InvariantCulture)}";
        return new SystemFacts(model, size, quant, fromGguf, system.Backend, system.Template ?? options.GetValueOrDefault("template") ?? "", fewShot, hardware, family, step, date);
    }

    /// <summary>The checkpoint rule applied to a model path: (family, step, date), all null when the path names no model.</summary>
    public static (string? Family, double? Step, double? Date) Checkpoint(string? modelPath)
    {
        if (modelPath is null) return (null, null, null);
        var stem = StemOf(modelPath);
        if (StepPattern.Match(stem) is { Success: true } s && double.TryParse(s.Groups["step"].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var step))
            return (s.Groups["family"].Value, step, null);
        if (DatePattern.Match(stem) is { Success: true } d
            && DateTime.TryParseExact(d.Groups["y"].Value + d.Groups["m"].Value + d.Groups["d"].Value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var when))
            return (d.Groups["family"].Value, null, Math.Floor((when - DateTime.UnixEpoch).TotalDays));
        return (stem, null, null);
    }

    /// <summary>A parameter count as people write it: 7.24B, 125M, 15K.</summary>
    public static string FormatParameters(long n) => n switch
    {
        >= 1_000_000_000 => (n / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + "B",
        >= 1_000_000 => (n / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 1_000 => (n / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "K",
        _ => n.ToString(CultureInfo.InvariantCulture),
    };

    private static string StemOf(string path)
    {
        var name = path.TrimEnd('/', '\\');
        name = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        foreach (var ext in new[] { ".gguf", ".onnx" })
            if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) return name[..^ext.Length];
        return name.EndsWith("-onnx", StringComparison.OrdinalIgnoreCase) ? name[..^5] : name;
    }

    private static string? Locate(string path, IEnumerable<string> baseDirectories)
    {
        if (Path.IsPathRooted(path)) return File.Exists(path) ? path : null;
        foreach (var b in baseDirectories)
        {
            var candidate = Path.GetFullPath(Path.Combine(b, path));
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static GgufFile? TryGguf(string file)
    {
        try { return GgufReader.Read(file); }
        catch (Exception ex) when (ex is IOException or GgufFormatException or InvalidDataException or FormatException or UnauthorizedAccessException) { return null; }
    }

    private static string Shorten(string cpu) =>
        Regex.Replace(cpu.Replace("(R)", "", StringComparison.Ordinal).Replace("(TM)", "", StringComparison.Ordinal).Replace(" CPU", "", StringComparison.Ordinal), @"\s+", " ").Trim();
}
