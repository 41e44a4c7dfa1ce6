using System.Globalization;
using PatchBench.Harness.Runs;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PatchBench.Cli.Harness;

/// <summary>
/// A run described in YAML (<c>patchbench run --file run.yaml</c>); command-line options given explicitly override it.
/// <code>
/// suite: suites/core
/// systems:
///   - reference
///   - backend: llamacpp
///     target: models/x.gguf
///     options: { template: mistral, temperature: 0.2 }
/// samples: 5
/// limit: 50
/// seed: 1
/// items: [add-10-20-on-bang]
/// shard: 1/4
/// out: results
/// generate_only: false
/// concurrency: 1
/// </code>
/// </summary>
public sealed record RunFile(
    string? Suite, IReadOnlyList<string> Systems, int? Samples, int? Limit, int? Seed, IReadOnlyList<string>? Items,
    string? Shard, string? Out, bool? GenerateOnly, int? Concurrency)
{
    private static readonly HashSet<string> Keys = ["suite", "systems", "samples", "limit", "seed", "items", "shard", "out", "generate_only", "concurrency"];

    /// <summary>Reads and checks a run file; every problem names the file and line.</summary>
    public static RunFile Load(string path)
    {
        if (!File.Exists(path)) throw new HarnessInputException($"{path}: no such run file");
        YamlMappingNode map;
        try
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(path)) stream.Load(reader);
            map = stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode m ? m
                : throw new HarnessInputException($"{path}:1: expected a YAML mapping");
        }
        catch (YamlException ex)
        {
            throw new HarnessInputException($"{path}:{ex.Start.Line}: {ex.Message}");
        }
        foreach (var key in map.Children.Keys)
            if (key is not YamlScalarNode { Value: { } k } || !Keys.Contains(k))
                throw new HarnessInputException($"{path}:{key.Start.Line}: unknown key '{key}' (expected one of {string.Join(", ", Keys)})");

        string? Scalar(string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var n)
            ? n is YamlScalarNode s ? s.Value : throw new HarnessInputException($"{path}:{n.Start.Line}: '{key}' must be a single value")
            : null;
        int? Int(string key) => Scalar(key) is { } v
            ? int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i
                : throw new HarnessInputException($"{path}: '{key}' must be an integer, got '{v}'")
            : null;
        bool? Bool(string key) => Scalar(key) is { } v
            ? bool.TryParse(v, out var b) ? b : throw new HarnessInputException($"{path}: '{key}' must be true or false, got '{v}'")
            : null;

        var systems = new List<string>();
        if (map.Children.TryGetValue(new YamlScalarNode("systems"), out var systemsNode))
        {
            if (systemsNode is not YamlSequenceNode seq) throw new HarnessInputException($"{path}:{systemsNode.Start.Line}: 'systems' must be a list");
            foreach (var node in seq) systems.Add(SpecOf(path, node));
        }
        List<string>? items = null;
        if (map.Children.TryGetValue(new YamlScalarNode("items"), out var itemsNode))
        {
            items = itemsNode switch
            {
                YamlSequenceNode s => s.Children.Select(c => (c as YamlScalarNode)?.Value
                    ?? throw new HarnessInputException($"{path}:{c.Start.Line}: item ids must be strings")).ToList(),
                YamlScalarNode { Value: { } v } => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
                _ => throw new HarnessInputException($"{path}:{itemsNode.Start.Line}: 'items' must be a list of ids"),
            };
        }
        return new RunFile(Scalar("suite"), systems, Int("samples"), Int("limit"), Int("seed"), items, Scalar("shard"), Scalar("out"), Bool("generate_only"),
            Int("concurrency"));
    }

    private static string SpecOf(string path, YamlNode node)
    {
        if (node is YamlScalarNode { Value: { Length: > 0 } text }) return text;
        if (node is not YamlMappingNode m) throw new HarnessInputException(
            $"{path}:{node.Start.Line}: a system is a spec string or a mapping with backend, target, options");
        string? Get(string key) => m.Children.TryGetValue(new YamlScalarNode(key), out var n) && n is YamlScalarNode s ? s.Value : null;
        var backend = Get("backend") ?? throw new HarnessInputException($"{path}:{node.Start.Line}: system without 'backend'");
        var spec = Get("target") is { Length: > 0 } target ? $"{backend}:{target}" : backend;
        if (m.Children.TryGetValue(new YamlScalarNode("options"), out var options))
        {
            if (options is not YamlMappingNode optionMap) throw new HarnessInputException($"{path}:{options.Start.Line}: 'options' must be a mapping");
            foreach (var (k, v) in optionMap.Children) spec += $",{k}={v}";
        }
        return spec;
    }
}
