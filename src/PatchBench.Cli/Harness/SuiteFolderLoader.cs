using System.Security.Cryptography;
using System.Text;
using PatchBench.Harness.Runs;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PatchBench.Cli.Harness;

/// <summary>
/// Reads the fields the harness needs from a suite folder (<c>suite.yaml</c> with name and version; <c>items/*.yaml</c>
/// with id, prompt, category, difficulty and reference). Interim: the suite loader of issue 5 (Suites/) validates
/// far more and replaces this once merged; the folder format is the same.
/// </summary>
public sealed class SuiteFolderLoader : IBenchSuiteLoader
{
    /// <inheritdoc />
    public BenchSuite Load(string directory)
    {
        var manifestPath = Path.Combine(directory, "suite.yaml");
        if (!Directory.Exists(directory)) throw new HarnessInputException($"{directory}: no such suite folder");
        if (!File.Exists(manifestPath)) throw new HarnessInputException($"{directory}: not a suite (no suite.yaml)");
        var manifest = ReadMapping(manifestPath);
        var name = Required(manifest, manifestPath, "name");
        var version = Required(manifest, manifestPath, "version");
        var itemsDir = Path.Combine(directory, "items");
        var files = Directory.Exists(itemsDir)
            ? Directory.EnumerateFiles(itemsDir, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
            : [];
        var items = new List<BenchItem>();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var map = ReadMapping(file);
            var id = Required(map, file, "id");
            if (ids.TryGetValue(id, out var other)) throw new HarnessInputException($"{file}:1: item id '{id}' is also used by {other}");
            ids[id] = file;
            var referenceName = Required(map, file, "reference");
            var referencePath = Path.Combine(Path.GetDirectoryName(file)!, referenceName);
            if (!File.Exists(referencePath)) throw new HarnessInputException($"{file}: reference '{referenceName}' not found");
            items.Add(new BenchItem(id, Required(map, file, "prompt"), Optional(map, "category") ?? "", Optional(map, "difficulty") ?? "", File.ReadAllText(referencePath)));
        }
        if (items.Count == 0) throw new HarnessInputException($"{directory}: suite has no items (expected items/*.yaml)");
        return new BenchSuite(name, version, HashFolder(directory), items) { Source = directory };
    }

    private static string HashFolder(string directory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                     .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/')).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file + "\n"));
            hash.AppendData(SHA256.HashData(File.ReadAllBytes(Path.Combine(directory, file))));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static YamlMappingNode ReadMapping(string path)
    {
        try
        {
            var stream = new YamlStream();
            using var reader = new StreamReader(path);
            stream.Load(reader);
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode map)
                throw new HarnessInputException($"{path}:1: expected a YAML mapping");
            return map;
        }
        catch (YamlException ex)
        {
            throw new HarnessInputException($"{path}:{ex.Start.Line}: {ex.Message}");
        }
    }

    private static string? Optional(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode { Value: { } v } ? v : null;

    private static string Required(YamlMappingNode map, string path, string key) =>
        Optional(map, key) is { Length: > 0 } v ? v : throw new HarnessInputException($"{path}: missing '{key}'");
}
