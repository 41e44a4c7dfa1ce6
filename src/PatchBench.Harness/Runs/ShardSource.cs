using System.Globalization;

namespace PatchBench.Harness.Runs;

/// <summary>A shard and the words that say where it came from (printed at start, so a scheduler's log shows it).</summary>
/// <param name="Shard">The shard.</param>
/// <param name="Origin">"--shard 2/4", or the scheduler variables it was read from.</param>
public sealed record ResolvedShard(Shard Shard, string Origin);

/// <summary>
/// Turns a <c>--shard</c> value into a <see cref="Shard"/>: <c>I/N</c> as given (GitHub Actions matrices), or
/// <c>auto</c> / <c>auto/N</c> from the scheduler's environment. Kubernetes Indexed Jobs set only the 0-based
/// <c>JOB_COMPLETION_INDEX</c>, so the count must come from <c>auto/N</c> (N = the Job's <c>completions</c>); Slurm job
/// arrays set <c>SLURM_ARRAY_TASK_ID</c> with <c>_MIN</c>, <c>_MAX</c> and <c>_COUNT</c>, and an array may start at any
/// number, so the index is counted from <c>_MIN</c>. Pure: the environment is passed in.
/// </summary>
public static class ShardSource
{
    /// <summary>Kubernetes Indexed Job: the pod's 0-based completion index.</summary>
    public const string KubernetesIndex = "JOB_COMPLETION_INDEX";
    /// <summary>Slurm job array: this task's id.</summary>
    public const string SlurmTaskId = "SLURM_ARRAY_TASK_ID";
    /// <summary>Slurm job array: the lowest task id.</summary>
    public const string SlurmTaskMin = "SLURM_ARRAY_TASK_MIN";
    /// <summary>Slurm job array: the highest task id.</summary>
    public const string SlurmTaskMax = "SLURM_ARRAY_TASK_MAX";
    /// <summary>Slurm job array: the number of tasks.</summary>
    public const string SlurmTaskCount = "SLURM_ARRAY_TASK_COUNT";

    /// <summary>The variables <see cref="Resolve"/> reads (tests clear them in child processes).</summary>
    public static IReadOnlyList<string> Variables { get; } = [KubernetesIndex, SlurmTaskId, SlurmTaskMin, SlurmTaskMax, SlurmTaskCount];

    /// <summary>Resolves <paramref name="text"/>; any problem is one <see cref="HarnessInputException"/> line.</summary>
    public static ResolvedShard Resolve(string text, Func<string, string?> environment)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith("auto", StringComparison.OrdinalIgnoreCase)) return new ResolvedShard(Shard.Parse(trimmed), $"--shard {trimmed}");
        int? expected = null;
        if (trimmed.Length > 4)
        {
            if (trimmed[4] != '/' || !int.TryParse(trimmed[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
                throw new HarnessInputException($"--shard '{text}': expected auto, auto/N with N ≥ 1, or I/N");
            expected = n;
        }
        var kubernetes = environment(KubernetesIndex);
        var slurm = environment(SlurmTaskId);
        if (!string.IsNullOrWhiteSpace(kubernetes) && !string.IsNullOrWhiteSpace(slurm))
            throw new HarnessInputException($"--shard {trimmed}: both {KubernetesIndex} and {SlurmTaskId} are set, so the scheduler is ambiguous; pass " +
                $"--shard I/N");
        if (!string.IsNullOrWhiteSpace(kubernetes)) return FromKubernetes(trimmed, kubernetes, expected);
        if (!string.IsNullOrWhiteSpace(slurm)) return FromSlurm(trimmed, slurm, expected, environment);
        throw new HarnessInputException(
            $"--shard {trimmed}: no scheduler index in the environment ({KubernetesIndex} of a Kubernetes Indexed Job, {SlurmTaskId} of a Slurm array); pass " +
                $"--shard I/N");
    }

    private static ResolvedShard FromKubernetes(string text, string value, int? expected)
    {
        var index = Number(KubernetesIndex, value);
        if (expected is not { } count)
            throw new HarnessInputException(
                $"--shard {text}: {KubernetesIndex}={index} gives the index but not the shard count; pass --shard auto/N with N = the Job's completions");
        if (index >= count)
            throw new HarnessInputException($"--shard {text}: {KubernetesIndex}={index} does not fit {count} shards (indices 0..{count - 1}); is completions " +
                $"{count}?");
        return new ResolvedShard(new Shard(index + 1, count), $"{KubernetesIndex}={index}");
    }

    private static ResolvedShard FromSlurm(string text, string value, int? expected, Func<string, string?> environment)
    {
        var id = Number(SlurmTaskId, value);
        var min = OptionalNumber(SlurmTaskMin, environment);
        var max = OptionalNumber(SlurmTaskMax, environment);
        var count = OptionalNumber(SlurmTaskCount, environment);
        if (min is null || (max is null && count is null))
            throw new HarnessInputException($"--shard {text}: {SlurmTaskId}={id} is set but {SlurmTaskMin} and {SlurmTaskMax} or {SlurmTaskCount} are not; " +
                $"pass --shard I/N");
        var span = max is { } m ? m - min.Value + 1 : count!.Value;
        var tasks = count ?? span;
        // A stepped or listed array (--array=0-15:4, --array=1,5,9) has ids that do not count 1..N from _MIN.
        if (tasks != span)
            throw new HarnessInputException(
                $"--shard {text}: the Slurm array is not contiguous ({SlurmTaskMin}={min}, {SlurmTaskMax}={max}, {SlurmTaskCount}={count}); use --array=1-N " +
                    $"or --shard I/N");
        if (id < min || id > min + tasks - 1)
            throw new HarnessInputException($"--shard {text}: {SlurmTaskId}={id} lies outside the array {min}..{min + tasks - 1}");
        if (expected is { } n && n != tasks)
            throw new HarnessInputException($"--shard {text}: the Slurm array has {tasks} tasks but --shard says {n}");
        return new ResolvedShard(new Shard(id - min.Value + 1, tasks), $"{SlurmTaskId}={id} of {min}..{min + tasks - 1}");
    }

    private static int? OptionalNumber(string name, Func<string, string?> environment) =>
        environment(name) is { } value && !string.IsNullOrWhiteSpace(value) ? Number(name, value) : null;

    private static int Number(string name, string value) =>
        int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new HarnessInputException($"--shard auto: {name}='{value}' is not a whole number ≥ 0");
}
