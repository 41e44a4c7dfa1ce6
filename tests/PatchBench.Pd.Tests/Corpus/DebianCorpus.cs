namespace PatchBench.Pd.Tests.Corpus;

/// <summary>The real patches Debian's puredata-doc and puredata-core install (/usr/lib/puredata/doc only links to the former): the project's ground truth
/// corpus.</summary>
public static class DebianCorpus
{
    /// <summary>Folders the packages install patches into.</summary>
    public static readonly string[] Roots = ["/usr/share/puredata/doc", "/usr/lib/puredata/extra"];

    /// <summary>Every .pd file, sorted, so tests are deterministic.</summary>
    public static IReadOnlyList<string> Files { get; } = Roots
        .Where(Directory.Exists)
        .SelectMany(r => Directory.EnumerateFiles(r, "*.pd", SearchOption.AllDirectories))
        .Select(Path.GetFullPath).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>The patches that need example externals Debian does not build; Pd fails them.</summary>
    public static bool NeedsMissingExternals(string path) =>
        path.Contains("/6.externs/", StringComparison.Ordinal) && Path.GetFileName(path).StartsWith("test-", StringComparison.Ordinal);
}
