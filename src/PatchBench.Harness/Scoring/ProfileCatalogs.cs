using System.Collections.Concurrent;
using PatchBench.Harness.Runs;
using PatchBench.Pd.Catalog;

namespace PatchBench.Harness.Scoring;

/// <summary>
/// The object catalog an item is linted and compared with: the one of its profile (vanilla, or vanilla with Gem or
/// cyclone layered on), built once per profile for the life of this instance, not per sample.
/// </summary>
/// <param name="load">Builds the catalog of a profile's catalog name (default: the catalogs embedded in the build).</param>
public sealed class ProfileCatalogs(Func<string, IObjectCatalog> load)
{
    private readonly ConcurrentDictionary<string, IObjectCatalog> _byName = new(StringComparer.Ordinal);

    /// <summary>Catalogs from the JSON files under <c>catalog/</c> embedded in the build.</summary>
    public ProfileCatalogs() : this(name => ObjectCatalog.ForProfile(name)) { }

    /// <summary>One catalog for every item (tests, and tools that lint outside any suite).</summary>
    public static ProfileCatalogs Fixed(IObjectCatalog catalog) => new(_ => catalog);

    /// <summary>The catalog for <paramref name="item"/>'s profile.</summary>
    public IObjectCatalog For(BenchItem item) => _byName.GetOrAdd(item.Profile.Catalog, load);
}
