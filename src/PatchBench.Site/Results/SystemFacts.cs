using System.Globalization;
using System.Text.RegularExpressions;
using PatchBench.Harness.Records;
using PatchBench.Harness.Systems;

namespace PatchBench.Site.Results;

/// <summary>
/// What the leaderboard says about a run's system: model, size, quantisation, backend, template, few-shot k, hardware, and
/// its checkpoint. Everything comes from run.json: the model facts the run recorded when it loaded the model, the spec, the
/// machine. Nothing is reopened or guessed from file names, so a copied results folder builds the same site.
/// </summary>
/// <param name="Model">Model name (recorded by the run, else the target's file name, else the backend).</param>
/// <param name="Size">Parameter count (e.g. <c>7.2B</c>), or empty when the run recorded none.</param>
/// <param name="Quantization">Quantisation (e.g. <c>Q4_K_M</c>), or empty.</param>
/// <param name="FromModel">True when model, size and quantisation are facts the run recorded from the model itself.</param>
/// <param name="Backend">Backend name.</param>
/// <param name="Template">Prompt template option, or empty.</param>
/// <param name="FewShot">Few-shot k option, or empty.</param>
/// <param name="Hardware">GPU name when there is one, else CPU model and cores.</param>
/// <param name="Family">Model family (file name without the checkpoint part), or null for systems without a model file.</param>
/// <param name="Step">Training step of the checkpoint, or null.</param>
/// <param name="Date">Checkpoint date (days since 1970), or null.</param>
public sealed record SystemFacts(string Model, string Size, string Quantization, bool FromModel, string Backend, string Template, string FewShot,
    string Hardware, string? Family, double? Step, double? Date)
{
    // The checkpoint rule (docs/site.md): a model file stem ending in "-step<N>" (or "_step<N>", ".step<N>") is step N of family
    // <stem without it>; ending in "-<yyyy-mm-dd>" or "-<yyyymmdd>" is that date of the family. Case-insensitive.
    private static readonly Regex StepPattern = new(@"^(?<family>.+?)[-_.](?:step|ckpt|checkpoint)[-_]?(?<step>\d+)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex DatePattern = new(@"^(?<family>.+?)[-_.](?<y>\d{4})-?(?<m>\d{2})-?(?<d>\d{2})$", RegexOptions.CultureInvariant);

    /// <summary>
    /// The model a system spec names: the file or folder (<c>llamacpp:models/x.gguf,…</c>), for a server the model name the
    /// run recorded (runs recorded before servers' names were kept: the <c>#name</c> of the URL), or null.
    /// </summary>
    public static string? ModelPath(SystemIdentity system)
    {
        SystemSpec spec;
        try { spec = SystemSpec.Parse(system.Spec); }
        catch (Harness.Runs.HarnessInputException) { return null; }
        if (spec.Target is not { } target) return null;
        if (target.StartsWith("http://", StringComparison.Ordinal) || target.StartsWith("https://", StringComparison.Ordinal))
        {
            if (system.Model?.Name is { } recorded) return recorded;
            var hash = target.IndexOf('#');
            return hash >= 0 ? target[(hash + 1)..] : null;
        }
        return target;
    }

    /// <summary>Describes <paramref name="run"/> from its run.json alone.</summary>
    public static SystemFacts Of(RunInfo run)
    {
        var system = run.System;
        var path = ModelPath(system);
        var recorded = system.Model;
        var model = recorded?.Name ?? (path is null ? system.Backend : StemOf(path));
        var size = recorded?.Parameters is { } n ? FormatParameters(n) : "";
        var quant = recorded?.Quantization ?? "";
        var (family, step, date) = Checkpoint(path);
        if (recorded?.TrainingStep is { } trained && step is null) step = trained;
        var options = system.Options;
        var fewShot = options.GetValueOrDefault("fewshot") ?? options.GetValueOrDefault("k") ?? "";
        var machine = run.Machine;
        var cores = machine.PhysicalCores ?? machine.Cores;
        var hardware = !string.IsNullOrEmpty(machine.GpuName)
            ? machine.GpuName!
            : $"{Shorten(machine.CpuModel ?? "CPU")} ×{cores.ToString(CultureInfo.InvariantCulture)}";
        // A server's run records only the name it asked for; "from the model" means the run read the model itself.
        var readFromModel = recorded is { Architecture: not null } or { Parameters: not null } or { Quantization: not null } or { FileBytes: not null };
        return new SystemFacts(model, size, quant, readFromModel, system.Backend, system.Template ?? options.GetValueOrDefault("template") ?? "",
            fewShot, hardware, family, step, date);
    }

    /// <summary>The checkpoint rule applied to a model path: (family, step, date), all null when the path names no model.</summary>
    public static (string? Family, double? Step, double? Date) Checkpoint(string? modelPath)
    {
        if (modelPath is null) return (null, null, null);
        var stem = StemOf(modelPath);
        if (StepPattern.Match(stem) is { Success: true } s && double.TryParse(s.Groups["step"].Value, NumberStyles.Integer, CultureInfo.InvariantCulture,
            out var step))
            return (s.Groups["family"].Value, step, null);
        if (DatePattern.Match(stem) is { Success: true } d
            && DateTime.TryParseExact(d.Groups["y"].Value + d.Groups["m"].Value + d.Groups["d"].Value, "yyyyMMdd", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var when))
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

    private static string Shorten(string cpu) =>
        Regex.Replace(cpu.Replace("(R)", "", StringComparison.Ordinal).Replace("(TM)", "", StringComparison.Ordinal)
            .Replace(" CPU", "", StringComparison.Ordinal), @"\s+", " ").Trim();
}
