using PatchBench.Testing;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PatchBench.Cli.Tests;

/// <summary>
/// The project graph is part of the design (DESIGN.md's data flow): references point one way, Pd ← Harness ←
/// Execution / Generation ← Training / Site ← Cli. These tests read the real .csproj files, so the rule and the
/// README's picture of it cannot drift from the code. <c>PATCHBENCH_UPDATE_GRAPH=1</c> rewrites the README's picture.
/// The test fixtures (tests/PatchBench.Testing) are drawn too, with dotted arrows: used by tests and benchmarks, never shipped.
/// </summary>
public sealed class ProjectGraphTests
{
    // The layer of each shipped project: a project may reference only projects of strictly lower layers.
    private static readonly Dictionary<string, int> Layers = new(StringComparer.Ordinal)
    {
        ["PatchBench.Pd"] = 0,
        ["PatchBench.Harness"] = 1,
        ["PatchBench.Execution"] = 2,
        ["PatchBench.Generation"] = 2,
        ["PatchBench.Training"] = 3,
        ["PatchBench.Site"] = 3,
        ["PatchBench.Cli"] = 4,
    };

    // Projects outside src/ that tests and benchmarks share; drawn in the picture, referenced by no shipped project.
    private static readonly string[] TestSupport = ["tests/PatchBench.Testing/PatchBench.Testing.csproj"];

    private const string Begin = "<!-- project-graph:begin (generated from the .csproj references by tests/PatchBench.Cli.Tests/ProjectGraphTests.cs) -->";
    private const string End = "<!-- project-graph:end -->";

    private static string Root => RepositoryRoot.Path;

    /// <summary>Every shipped project (src/) and its project references, by project name.</summary>
    private static SortedDictionary<string, SortedSet<string>> SourceGraph() =>
        Graph(Directory.GetFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories));

    /// <summary>The shared test fixtures and their project references, by project name.</summary>
    private static SortedDictionary<string, SortedSet<string>> TestSupportGraph() => Graph(TestSupport.Select(p => Path.Combine(Root, p)));

    private static SortedDictionary<string, SortedSet<string>> Graph(IEnumerable<string> projectFiles)
    {
        var graph = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var csproj in projectFiles)
            graph[Path.GetFileNameWithoutExtension(csproj)] =
                new SortedSet<string>(References(csproj).Select(Path.GetFileNameWithoutExtension)!, StringComparer.Ordinal);
        return graph;
    }

    /// <summary>The full paths of a project's project references.</summary>
    private static IEnumerable<string> References(string csproj) =>
        XDocument.Load(csproj).Descendants("ProjectReference")
            .Select(r => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(csproj)!, r.Attribute("Include")!.Value.Replace('\\', '/'))));

    [Fact]
    public void No_shipped_project_references_anything_outside_src()
    {
        var src = Path.Combine(Root, "src") + Path.DirectorySeparatorChar;
        var outside = Directory.GetFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .SelectMany(p => References(p).Where(r => !r.StartsWith(src, StringComparison.Ordinal)).Select(r => $"{Path.GetFileName(p)} -> {r}"))
            .ToList();
        Assert.True(outside.Count == 0, string.Join("\n", outside));
        Assert.All(TestSupport, p => Assert.True(File.Exists(Path.Combine(Root, p)), p + " is missing"));
    }

    [Fact]
    public void Every_shipped_project_has_a_layer_and_references_only_lower_layers()
    {
        var graph = SourceGraph();
        Assert.Contains("PatchBench.Harness", graph.Keys);
        var problems = new List<string>();
        foreach (var (project, references) in graph)
        {
            if (!Layers.TryGetValue(project, out var layer)) { problems.Add($"{project} has no layer in {nameof(ProjectGraphTests)}.Layers"); continue; }
            foreach (var r in references)
                if (!Layers.TryGetValue(r, out var other) || other >= layer)
                    problems.Add($"{project} (layer {layer}) references {r} (layer " +
                        $"{(Layers.TryGetValue(r, out var l) ? l.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")})");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_site_and_the_harness_know_neither_backends_nor_Pd_execution()
    {
        var graph = SourceGraph();
        Assert.Equal(["PatchBench.Pd"], graph["PatchBench.Harness"]);
        Assert.DoesNotContain("PatchBench.Generation", graph["PatchBench.Site"]);
        Assert.DoesNotContain("PatchBench.Execution", graph["PatchBench.Site"]);
    }

    [Fact]
    public void The_README_shows_the_graph_as_the_project_files_say()
    {
        var readme = Path.Combine(Root, "README.md");
        var text = File.ReadAllText(readme);
        var expected = Picture(SourceGraph(), TestSupportGraph());
        var pattern = new Regex(Regex.Escape(Begin) + ".*?" + Regex.Escape(End), RegexOptions.Singleline);
        if (Environment.GetEnvironmentVariable("PATCHBENCH_UPDATE_GRAPH") == "1" && pattern.IsMatch(text))
        {
            File.WriteAllText(readme, pattern.Replace(text, expected, 1));
            text = File.ReadAllText(readme);
        }
        var shown = pattern.Match(text);
        Assert.True(shown.Success, $"README.md has no project graph block; add:\n{expected}");
        Assert.True(shown.Value == expected, $"README.md's project graph is out of date (PATCHBENCH_UPDATE_GRAPH=1 rewrites it); expected:\n{expected}");
    }

    /// <summary>
    /// The graph as a Mermaid flowchart laid out right to left, so arrows (dependencies) all point left, toward Pd; the test
    /// fixtures' references are dotted.
    /// </summary>
    private static string Picture(SortedDictionary<string, SortedSet<string>> graph, SortedDictionary<string, SortedSet<string>> testSupport)
    {
        static string Short(string project) => project["PatchBench.".Length..];
        var sb = new StringBuilder(Begin).Append("\n```mermaid\nflowchart RL\n");
        foreach (var (project, references) in graph.OrderBy(p => Layers.GetValueOrDefault(p.Key)).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            if (references.Count == 0) sb.Append("  ").Append(Short(project)).Append('\n');
            foreach (var r in references) sb.Append("  ").Append(Short(project)).Append(" --> ").Append(Short(r)).Append('\n');
        }
        foreach (var (project, references) in testSupport)
            foreach (var r in references) sb.Append("  ").Append(Short(project)).Append(" -.-> ").Append(Short(r)).Append('\n');
        return sb.Append("```\n").Append(End).ToString();
    }
}
