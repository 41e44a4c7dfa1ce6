using System.Text.Json.Nodes;

namespace PatchBench.Harness.Suites;

/// <summary>
/// An object profile: which Pd libraries are loaded, and so which classes exist, how Pd is started and what the machine
/// must have installed. Profiles are data (<c>catalog/profiles.json</c>); an item's <c>requires</c> picks one.
/// </summary>
/// <param name="Name">Profile name, e.g. <c>vanilla</c>, <c>gem</c>, <c>cyclone</c>; also the name of its object catalog.</param>
/// <param name="Description">What the profile is, for docs and messages.</param>
/// <param name="Libraries">The library names items list in <c>requires</c> (e.g. <c>Gem</c>); empty for vanilla.</param>
/// <param name="Catalog">The embedded object catalog probed from real Pd with these libraries loaded.</param>
/// <param name="PdArguments">Extra Pd flags that load the libraries (e.g. <c>-lib Gem</c>).</param>
/// <param name="Display">True when patches need an X display (Gem): a virtual X server is started inside the sandbox per run.</param>
/// <param name="LibraryFolder">Where the library is installed (its names are probed from there), or null.</param>
/// <param name="DebianPackages">Debian packages the profile needs; set-up installs and checks them by name.</param>
public sealed record PdProfile(
    string Name,
    string Description,
    IReadOnlyList<string> Libraries,
    string Catalog,
    IReadOnlyList<string> PdArguments,
    bool Display,
    string? LibraryFolder,
    IReadOnlyList<string> DebianPackages)
{
    /// <summary>True when the profile provides every library in <paramref name="requires"/> (case-insensitively, as Pd's file lookup is not).</summary>
    public bool Covers(IReadOnlyList<string> requires) =>
        requires.All(r => Libraries.Contains(r, StringComparer.OrdinalIgnoreCase));
}

/// <summary>The profiles shipped in <c>catalog/profiles.json</c> (embedded in the build) and how an item's <c>requires</c> selects one.</summary>
public static class PdProfiles
{
    private static readonly Lazy<IReadOnlyList<PdProfile>> Embedded = new(() =>
    {
        using var stream = typeof(PdProfiles).Assembly.GetManifestResourceStream("PatchBench.Harness.profiles.json")
            ?? throw new InvalidOperationException("catalog/profiles.json is not embedded in PatchBench.Harness");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "catalog/profiles.json");
    });

    /// <summary>Every shipped profile, vanilla first.</summary>
    public static IReadOnlyList<PdProfile> All => Embedded.Value;

    /// <summary>Plain Pd.</summary>
    public static PdProfile Vanilla => Find("vanilla")!;

    /// <summary>The profile named <paramref name="name"/>, or null.</summary>
    public static PdProfile? Find(string name) => All.FirstOrDefault(p => p.Name == name);

    /// <summary>
    /// The profile for an item that needs <paramref name="requires"/>: vanilla when it needs nothing, else the profile with
    /// the fewest libraries that has them all; null when no profile does.
    /// </summary>
    public static PdProfile? ForRequires(IReadOnlyList<string> requires) =>
        requires.Count == 0 ? Vanilla : All.Where(p => p.Covers(requires)).OrderBy(p => p.Libraries.Count).FirstOrDefault();

    /// <summary>Every library name some profile provides, for messages.</summary>
    public static IEnumerable<string> KnownLibraries => All.SelectMany(p => p.Libraries).Distinct();

    /// <summary>Reads a profiles file; throws <see cref="FormatException"/> naming <paramref name="file"/> and the profile on bad content.</summary>
    public static IReadOnlyList<PdProfile> Parse(string json, string file)
    {
        var root = JsonNode.Parse(json) ?? throw new FormatException($"{file}: empty");
        if (root["profiles"] is not JsonArray list) throw new FormatException($"{file}: expected an object with a 'profiles' array");
        var result = new List<PdProfile>();
        foreach (var node in list)
        {
            string Text(string key) => node?[key]?.GetValue<string>() ?? throw new FormatException($"{file}: profile #{result.Count + 1} needs '{key}'");
            string[] Texts(string key) => node?[key] is JsonArray a ? a.Select(x => x!.GetValue<string>()).ToArray()
                : throw new FormatException($"{file}: profile '{Text("name")}' needs a '{key}' list");
            result.Add(new PdProfile(Text("name"), Text("description"), Texts("libraries"), Text("catalog"), Texts("pd_arguments"),
                node?["display"]?.GetValue<bool>() ?? false, node?["library_folder"]?.GetValue<string>(), Texts("debian")));
        }
        return result;
    }
}
