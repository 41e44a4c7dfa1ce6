using PatchBench.Pd.Catalog;
using PatchBench.Pd.Model;

namespace PatchBench.Site.Charts;

/// <summary>
/// Counts real object boxes (by canonical class, subpatches included) for the object-frequency histogram.
/// Only boxes that create objects count: <c>#X obj</c> boxes under their canonical class name
/// (<c>t</c> and <c>trigger</c> both count as <c>trigger</c>; abstractions and unknown classes
/// under the name as written, IEM GUIs such as <c>tgl</c> under theirs) and subpatches as
/// <c>pd</c> (never under their own names), recursing into subpatches and graphs. Message boxes,
/// number/symbol/list boxes, comments, graphs, arrays, scalars and empty object boxes are not
/// counted: they are not objects a model chose from Pd's vocabulary, and counting words of
/// comments and messages is the mistake this histogram exists to avoid.
/// </summary>
public static class ObjectFrequency
{
    /// <summary>Class name → number of object boxes of that class in <paramref name="patch"/> (ordinal keys, sorted).</summary>
    public static IReadOnlyDictionary<string, int> Count(PdPatch patch, IObjectCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentNullException.ThrowIfNull(catalog);
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var canvas in patch.Canvases)
            foreach (var box in canvas.Boxes)
            {
                string? key = box.Kind switch
                {
                    PdBoxKind.Object when box.ClassName.Length > 0 => catalog.CanonicalName(box.ClassName) ?? box.ClassName,
                    PdBoxKind.Subpatch => "pd",
                    _ => null,
                };
                if (key is not null) counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        return counts;
    }

    /// <summary>
    /// Sums per-patch counts (e.g. over all generated patches of a run) into one table.
    /// </summary>
    public static IReadOnlyDictionary<string, int> Sum(IEnumerable<IReadOnlyDictionary<string, int>> counts)
    {
        var total = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var table in counts)
            foreach (var (key, n) in table)
                total[key] = total.GetValueOrDefault(key) + n;
        return total;
    }

    /// <summary>
    /// The histogram of two count tables (e.g. generated vs. reference): the <paramref name="top"/>
    /// keys by combined share, each series as a share of its own total (so runs with more patches
    /// do not dwarf the references), rows ordered by combined share then key.
    /// </summary>
    public static HistogramSpec Compare(string title, string firstName, IReadOnlyDictionary<string, int> first, string secondName, IReadOnlyDictionary<string,
        int> second, int top = 25)
    {
        double firstTotal = Math.Max(1, first.Values.Sum()), secondTotal = Math.Max(1, second.Values.Sum());
        var rows = first.Keys.Union(second.Keys)
            .Select(k => (Key: k, A: first.GetValueOrDefault(k) / firstTotal, B: second.GetValueOrDefault(k) / secondTotal))
            .OrderByDescending(r => r.A + r.B).ThenBy(r => r.Key, StringComparer.Ordinal)
            .Take(Math.Max(0, top))
            .Select(r => new HistogramRow(r.Key, [Math.Round(r.A * 100, 2), Math.Round(r.B * 100, 2)]))
            .ToList();
        return new HistogramSpec(title, [firstName + " (% of objects)", secondName + " (% of objects)"], rows);
    }
}
