using PatchBench.Harness.Systems;

namespace PatchBench.Generation.Retrieval;

/// <summary>
/// Finds and caches few-shot pools for the backends of one command (so three systems with <c>fewshot=3</c> load the
/// pool once). The pool is <c>pool=DIR</c>, else the <c>fewshot</c> suite next to the suite being run, else
/// <c>suites/fewshot</c>.
/// </summary>
public sealed class FewShotPools
{
    private readonly Dictionary<string, FewShotPool> _pools = new(StringComparer.Ordinal);

    /// <summary>The pool the options name (or the default one), loaded once.</summary>
    public FewShotPool For(SpecOptions o, SystemContext context)
    {
        var directory = o.Text("pool") ?? DefaultPool(context)
            ?? throw o.Error("no few-shot pool found (looked for a 'fewshot' suite next to the suite and for suites/fewshot); give pool=DIR");
        var full = Path.GetFullPath(directory);
        lock (_pools)
        {
            if (_pools.TryGetValue(full, out var known)) return known;
            var pool = new FewShotPool(context.SuiteLoader.Load(directory));
            _pools[full] = pool;
            return pool;
        }
    }

    private static string? DefaultPool(SystemContext context)
    {
        var candidates = new List<string>();
        if (context.Suite.Source is { } source && Path.GetDirectoryName(Path.GetFullPath(source).TrimEnd(Path.DirectorySeparatorChar)) is { } parent)
            candidates.Add(Path.Combine(parent, "fewshot"));
        candidates.Add(Path.Combine("suites", "fewshot"));
        return candidates.FirstOrDefault(Directory.Exists);
    }
}
