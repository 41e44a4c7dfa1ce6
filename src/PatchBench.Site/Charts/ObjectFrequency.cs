using PatchBench.Pd.Catalog;
using PatchBench.Pd.Model;

namespace PatchBench.Site.Charts;

/// <summary>Counts real object boxes (by canonical class, subpatches included) for the object-frequency histogram.</summary>
public static class ObjectFrequency
{
    /// <summary>Class name → number of object boxes of that class in <paramref name="patch"/> (placeholder; the chart renderers replace it).</summary>
    public static IReadOnlyDictionary<string, int> Count(PdPatch patch, IObjectCatalog catalog) => new Dictionary<string, int>();
}
