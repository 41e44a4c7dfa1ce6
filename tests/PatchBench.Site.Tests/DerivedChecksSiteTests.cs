namespace PatchBench.Site.Tests;

/// <summary>
/// An imported suite (no authored checks) runs with checks derived from its references; its records and its site say
/// so: each derived check is marked in samples.jsonl and on the item page, and the leaderboard carries a note.
/// </summary>
[Trait("Category", "Integration")] // real Pd in bubblewrap
public sealed class DerivedChecksSiteTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("patchbench-derived-site-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Derived_checks_are_marked_in_records_on_the_item_page_and_in_a_leaderboard_note()
    {
        const string printOnBang = "#N canvas 0 0 300 200 12;\n#X msg 10 10 42;\n#X obj 10 50 print out;\n#X connect 0 0 1 0;\n";
        string Json(string s) => System.Text.Json.JsonSerializer.Serialize(s);
        string data = Path.Combine(_dir, "alpaca.jsonl");
        File.WriteAllText(data, $"{{\"instruction\": \"create a Pd patch that matches the following request.\", \"input\": \"print 42 when clicked\", " +
            $"\"output\": {Json("sure! ```\n" + printOnBang + "```")}}}\n");
        string suite = Path.Combine(_dir, "imported"), results = Path.Combine(_dir, "results"), site = Path.Combine(_dir, "site");

        var (code, _, err) = await Cli.Run("suite", "import", data, "--out", suite);
        Assert.True(code == 0, err);
        (code, _, err) = await Cli.Run("run", "--suite", suite, "--system", "reference", "--out", results);
        Assert.True(code == 0, err);
        var samples = File.ReadAllText(Directory.GetFiles(results, "samples.jsonl", SearchOption.AllDirectories).Single());
        Assert.Contains("\"derived_checks\":1", samples);
        Assert.Contains("\"derived\":true", samples);
        (code, _, err) = await Cli.Run("site", "--results", results, "--out", site);
        Assert.True(code == 0, err);

        var index = File.ReadAllText(Path.Combine(site, "index.md"));
        Assert.Contains("*Derived checks*: 1 of the 1 items have functional checks that nobody authored", index);
        var itemPage = Directory.GetFiles(Path.Combine(site, "items"), "*.md", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("index.md", StringComparison.Ordinal)).Single();
        var page = File.ReadAllText(itemPage);
        Assert.Contains("**Derived checks**: 1 of these 1 check(s)", page);
        Assert.Contains("outputs as the reference (derived) *derived*", page);
        Assert.Contains("derived", File.ReadAllText(Path.ChangeExtension(itemPage, ".html")));
    }
}
