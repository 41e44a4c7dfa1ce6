using System.Globalization;
using PatchBench.Harness.Runs;

namespace PatchBench.Harness.Tests;

/// <summary>Small real suites for the tests: valid Pd references of varying size, written to disk in the suite folder format.</summary>
internal static class TestSuites
{
    /// <summary>A reference patch: a bang, a message, a chain of <paramref name="adders"/> [+ n] boxes and a print.</summary>
    public static string Reference(int i, int adders)
    {
        var lines = new List<string>
        {
            "#N canvas 0 50 440 300 12;",
            "#X obj 30 25 bng 19 250 50 0 empty empty empty 0 -10 0 12 #fcfcfc #000000 #000000;",
            $"#X msg 30 66 {i};",
        };
        for (var a = 0; a < adders; a++) lines.Add($"#X obj 30 {110 + 40 * a} + {a + 1};");
        lines.Add($"#X obj 30 {110 + 40 * adders} print out;");
        for (var b = 0; b < adders + 2; b++) lines.Add($"#X connect {b} 0 {b + 1} 0;");
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>An in-memory suite of <paramref name="count"/> items over three categories and two difficulties.</summary>
    public static BenchSuite InMemory(int count, string name = "mini", string hash = "hash-mini")
    {
        var items = Enumerable.Range(1, count).Select(i => new BenchItem(
            $"item-{i:000}", $"Create a Pure Data patch that adds numbers to {i} when a bang is pressed.",
            $"cat{i % 3}", (1 + i % 2).ToString(CultureInfo.InvariantCulture), Reference(i, 1 + i % 4))).ToList();
        return new BenchSuite(name, "0.1.0", hash, items);
    }

    /// <summary>
    /// Writes a real suite folder: the first <paramref name="count"/> items (by id) of the shipped <c>suites/core</c>,
    /// with their references, under a manifest named <paramref name="name"/>. Returns its path.
    /// </summary>
    public static string OnDisk(string root, int count, string name = "mini")
    {
        var dir = Path.Combine(root, name);
        var items = Path.Combine(dir, "items");
        Directory.CreateDirectory(items);
        File.WriteAllText(Path.Combine(dir, "suite.yaml"), $"name: {name}\nversion: 0.1.0\ndescription: test subset of core\nlicense: CC-BY-4.0\nprofile: " +
            $"vanilla\n");
        var source = Path.Combine(RepoPaths.Suite("core"), "items");
        foreach (var yaml in Directory.GetFiles(source, "*.yaml").Order(StringComparer.Ordinal).Take(count))
        {
            File.Copy(yaml, Path.Combine(items, Path.GetFileName(yaml)));
            var pd = Path.ChangeExtension(yaml, ".pd");
            File.Copy(pd, Path.Combine(items, Path.GetFileName(pd)));
        }
        return dir;
    }
}

/// <summary>A temporary folder removed after the test.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("patchbench-harness-").FullName;
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
