using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace PatchBench.Harness.Suites;

/// <summary>
/// Typed reads from a YAML mapping that record a located problem instead of throwing, so one pass
/// over a file reports every mistake in it.
/// </summary>
internal sealed class YamlMapping
{
    readonly YamlMappingNode node;
    readonly string file;
    readonly List<SuiteProblem> problems;
    readonly HashSet<string> seen = [];

    public YamlMapping(YamlMappingNode node, string file, List<SuiteProblem> problems)
    {
        this.node = node;
        this.file = file;
        this.problems = problems;
    }

    public YamlNode Node => node;

    public static YamlMapping? Of(YamlNode node, string file, List<SuiteProblem> problems, string what)
    {
        if (node is YamlMappingNode m) return new YamlMapping(m, file, problems);
        Problem(problems, file, node, $"expected {what} as a mapping of 'key: value' lines, found {Describe(node)}");
        return null;
    }

    public static void Problem(List<SuiteProblem> problems, string file, YamlNode node, string message) =>
        problems.Add(new SuiteProblem(file, (int)node.Start.Line, (int)node.Start.Column, message));

    public void Problem(YamlNode at, string message) => Problem(problems, file, at, message);

    public YamlNode? Get(string key)
    {
        seen.Add(key);
        foreach (var (k, v) in node.Children)
            if (k is YamlScalarNode s && s.Value == key) return v;
        return null;
    }

    /// <summary>An optional <c>true</c>/<c>false</c> key: null when absent; anything else is a problem at the value, and null.</summary>
    public bool? OptionalBool(string key)
    {
        var v = Get(key);
        if (v is null) return null;
        if (v is YamlScalarNode { Value: "true" or "false" } b) return b.Value == "true";
        Problem(v, $"'{key}' must be true or false");
        return null;
    }

    public YamlNode? Required(string key, string expected)
    {
        var v = Get(key);
        if (v is null) Problem(node, $"missing '{key}' ({expected})");
        return v;
    }

    public string? String(string key, string expected, bool required = true)
    {
        var v = required ? Required(key, expected) : Get(key);
        if (v is null) return null;
        if (v is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value)) return s.Value!;
        Problem(v, $"'{key}' must be {expected}, found {Describe(v)}");
        return null;
    }

    public void RejectUnknownKeys(IEnumerable<string> known, string where)
    {
        var set = known.ToHashSet();
        foreach (var (k, _) in node.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? "?";
            if (!set.Contains(name))
                Problem(k, $"unknown key '{name}' in {where}; expected one of: {string.Join(", ", set)}");
        }
    }

    public static bool TryNumber(YamlNode node, out double value)
    {
        value = 0;
        return node is YamlScalarNode s && s.Style is YamlDotNet.Core.ScalarStyle.Plain
            && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    public static bool TryInteger(YamlNode node, out int value)
    {
        value = 0;
        return node is YamlScalarNode s && s.Style is YamlDotNet.Core.ScalarStyle.Plain
            && int.TryParse(s.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s when string.IsNullOrEmpty(s.Value) => "an empty value",
        YamlScalarNode s => $"'{s.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "something else",
    };
}
