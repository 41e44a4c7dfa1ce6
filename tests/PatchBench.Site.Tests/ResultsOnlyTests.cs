using PatchBench.Harness.Runs;

namespace PatchBench.Site.Tests;

/// <summary>The site renders results/ and nothing else: a copy of the results folder, far from suites/ and models/, builds the same bytes.</summary>
[Collection(SiteCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ResultsOnlyTests(SiteFixture site)
{
    [Fact]
    public void A_copied_results_folder_alone_builds_a_byte_identical_site()
    {
        var elsewhere = Path.Combine(Path.GetTempPath(), "patchbench-results-only-" + Environment.ProcessId);
        if (Directory.Exists(elsewhere)) Directory.Delete(elsewhere, true);
        try
        {
            var copy = Path.Combine(elsewhere, "results");
            CopyTree(site.Results, copy);
            Assert.False(Directory.Exists(Path.Combine(elsewhere, "suites")));
            var rebuilt = Path.Combine(elsewhere, "site");
            SiteBuilder.Build(copy, rebuilt);
            var a = Files(site.Site);
            Assert.Equal(a, Files(rebuilt));
            foreach (var rel in a)
                Assert.True(File.ReadAllBytes(Path.Combine(site.Site, rel)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(rebuilt, rel))),
                    $"{rel} differs");
        }
        finally
        {
            if (Directory.Exists(elsewhere)) Directory.Delete(elsewhere, true);
        }
    }

    [Fact]
    public void Item_pages_show_the_prompt_and_reference_the_run_recorded()
    {
        var run = Directory.GetDirectories(site.Results, "core-reference-*").Single();
        var items = new RunFolder(run).ReadItems();
        Assert.Equal(5, items.Count);
        var item = items[0];
        var page = File.ReadAllText(Directory.GetFiles(Path.Combine(site.Site, "items"), item.Id + ".md", SearchOption.AllDirectories).First());
        Assert.Contains(item.Prompt, page);
    }

    private static List<string> Files(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal).ToList();

    private static void CopyTree(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
