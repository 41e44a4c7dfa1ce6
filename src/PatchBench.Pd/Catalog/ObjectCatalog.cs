using PatchBench.Pd.Syntax;

namespace PatchBench.Pd.Catalog;

/// <summary>
/// The object catalog of one profile: the classes of its base profiles (<c>extends</c>) with its
/// own layered on top (a class of a later profile replaces one of the same canonical name).
/// Built from the JSON files under <c>catalog/</c>, which the build embeds.
/// </summary>
public sealed class ObjectCatalog : IObjectCatalog
{
    private static readonly Lazy<IReadOnlyDictionary<string, CatalogProfile>> EmbeddedProfiles = new(LoadEmbedded);
    private static readonly Lazy<ObjectCatalog> VanillaCatalog = new(() => ForProfile("vanilla"));

    private readonly Dictionary<string, ObjectClass> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ObjectClass> _byCanonical = new(StringComparer.Ordinal);

    /// <summary>Builds a catalog from profiles, base first (e.g. vanilla, then cyclone).</summary>
    public ObjectCatalog(IReadOnlyList<CatalogProfile> layers)
    {
        if (layers.Count == 0) throw new ArgumentException("a catalog needs at least one profile", nameof(layers));
        Profile = layers[^1].Name;
        Layers = layers;
        foreach (var layer in layers)
            foreach (var c in layer.Classes)
                _byCanonical[c.Name] = c;
        // Aliases first, canonical names last, so a canonical name always wins over another class's alias.
        foreach (var c in _byCanonical.Values)
            foreach (var a in c.Aliases)
                _byName[a] = c;
        foreach (var c in _byCanonical.Values)
            _byName[c.Name] = c;
    }

    /// <summary>The vanilla Pd 0.53 catalog (loaded once, on first use).</summary>
    public static ObjectCatalog Vanilla => VanillaCatalog.Value;

    /// <summary>The names of the profiles embedded in this build.</summary>
    public static IReadOnlyCollection<string> EmbeddedProfileNames => EmbeddedProfiles.Value.Keys.ToArray();

    /// <summary>The catalog of an embedded profile with all the profiles it extends.</summary>
    /// <exception cref="CatalogFormatException">The profile is unknown or its <c>extends</c> chain is broken.</exception>
    public static ObjectCatalog ForProfile(string name) => FromProfiles(EmbeddedProfiles.Value, name);

    /// <summary>The catalog of profile <paramref name="name"/>, resolving <c>extends</c> among <paramref name="profiles"/>.</summary>
    public static ObjectCatalog FromProfiles(IReadOnlyDictionary<string, CatalogProfile> profiles, string name)
    {
        var chain = new List<CatalogProfile>();
        for (string? n = name; n is not null;)
        {
            if (!profiles.TryGetValue(n, out var p))
                throw new CatalogFormatException($"unknown catalog profile \"{n}\" (known: {string.Join(", ", profiles.Keys.Order(StringComparer.Ordinal))})");
            if (chain.Contains(p)) throw new CatalogFormatException($"catalog profile \"{n}\" extends itself");
            chain.Add(p);
            n = p.Extends;
        }
        chain.Reverse();
        return new ObjectCatalog(chain);
    }

    /// <summary>The profiles this catalog is made of, base first.</summary>
    public IReadOnlyList<CatalogProfile> Layers { get; }

    /// <inheritdoc />
    public string Profile { get; }

    /// <summary>Every class, by canonical name.</summary>
    public IReadOnlyCollection<ObjectClass> Classes => _byCanonical.Values;

    /// <summary>Every name that creates an object (canonical names and aliases).</summary>
    public IReadOnlyCollection<string> Names => _byName.Keys;

    /// <summary>The class a name (canonical or alias) creates, or null.</summary>
    public ObjectClass? Find(string name) => _byName.GetValueOrDefault(name);

    /// <inheritdoc />
    public string? CanonicalName(string className) => Find(className)?.Name;

    /// <inheritdoc />
    public ObjectPorts? Ports(string className, IReadOnlyList<PdAtom> arguments) =>
        Resolve(className, arguments) is { Status: ResolutionStatus.Created, Ports: { } p } ? p : null;

    /// <summary>
    /// What Pd does with <c>[className arguments…]</c>: the ports it creates, or that the class is
    /// unknown, fails with these arguments, or takes its ports from an abstraction.
    /// </summary>
    public ObjectResolution Resolve(string className, IReadOnlyList<PdAtom> arguments) =>
        Find(className) is { } c ? Resolve(c, arguments) : new ObjectResolution(ResolutionStatus.UnknownClass, null, null);

    /// <summary>What Pd does with an object of class <paramref name="c"/> (found with <see cref="Find"/>) and these arguments.</summary>
    internal ObjectResolution Resolve(ObjectClass c, IReadOnlyList<PdAtom> arguments)
    {
        // A sub-command family delegates at most once ([list split 2] → [list split] with 2).
        for (var depth = 0; depth < 4; depth++)
        {
            if (c.ArgumentTypeError(arguments) is { } typeError)
                return new ObjectResolution(ResolutionStatus.Fails, c.Name, null, Message: typeError);
            switch (c.Rule.Evaluate(arguments))
            {
                case PortRuleResult.Created created:
                    return new ObjectResolution(ResolutionStatus.Created, c.Name, created.Ports);
                case PortRuleResult.Fails fails:
                    return new ObjectResolution(ResolutionStatus.Fails, c.Name, null, Message: fails.Reason);
                case PortRuleResult.FromAbstraction abs:
                    return new ObjectResolution(ResolutionStatus.NeedsAbstraction, c.Name, null, AbstractionName: abs.AbstractionName);
                case PortRuleResult.Delegated d:
                    c = _byCanonical.GetValueOrDefault(d.ClassName)
                        ?? throw new CatalogFormatException($"catalog profile \"{Profile}\": class \"{c.Name}\" delegates to missing class \"{d.ClassName}\"");
                    arguments = d.Arguments;
                    break;
            }
        }
        return new ObjectResolution(ResolutionStatus.Fails, c.Name, null, Message: "sub-command rules delegate in a loop");
    }

    private static Dictionary<string, CatalogProfile> LoadEmbedded()
    {
        var assembly = typeof(ObjectCatalog).Assembly;
        var result = new Dictionary<string, CatalogProfile>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var profile = CatalogJson.Read(reader.ReadToEnd(), resource);
            if (!result.TryAdd(profile.Name, profile))
                throw new CatalogFormatException($"{resource}: profile \"{profile.Name}\" is embedded twice");
        }
        return result;
    }
}
