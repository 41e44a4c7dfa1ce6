using System.Text.Json.Nodes;

namespace PatchBench.Site.Tests;

/// <summary>Bad results input: each problem is a warning naming file (and line), and the site is built from the rest.</summary>
[Collection(SiteCollection.Name)]
[Trait("Category", "Integration")] // SiteFixture runs patchbench with real Pd scoring
public sealed class BadInputTests(SiteFixture site)
{
    private string CopyResults(string name)
    {
        var dir = Path.Combine(site.Root, "bad-" + name);
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        foreach (var file in Directory.GetFiles(site.Results, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(dir, Path.GetRelativePath(site.Results, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return dir;
    }

    private static string RunDir(string results, string system) => Directory.GetDirectories(results, $"core-{system}-*").Single();

    [Fact]
    public async Task A_truncated_last_line_of_samples_jsonl_is_named_and_the_other_records_are_used()
    {
        var results = CopyResults("truncated");
        var samples = Path.Combine(RunDir(results, "retrieval"), "samples.jsonl");
        var lines = File.ReadAllLines(samples);
        File.WriteAllText(samples, string.Join("\n", lines[..^1]) + "\n" + lines[^1][..(lines[^1].Length / 2)]);
        var (code, stdout, stderr) = await Cli.Run("site", "--results", results, "--out", Path.Combine(results, "..", "site-truncated"));
        Assert.Equal(0, code);
        Assert.Contains($"patchbench: warning: {samples}:{lines.Length}: damaged last line", stderr);
        Assert.Contains("1 warning(s)", stdout);
        var runPage = File.ReadAllText(Directory.GetFiles(Path.Combine(results, "..", "site-truncated", "runs"), "core-retrieval-*.md").Single());
        Assert.Equal(lines.Length - 1, runPage.Split('\n').Count(l => l.StartsWith("| [", StringComparison.Ordinal) && l.Contains("../items/")));
    }

    [Fact]
    public async Task A_run_json_of_another_format_version_is_left_out_with_a_warning()
    {
        var results = CopyResults("version");
        var runJson = Path.Combine(RunDir(results, "empty"), "run.json");
        var node = JsonNode.Parse(File.ReadAllText(runJson))!;
        node["format_version"] = 0;
        File.WriteAllText(runJson, node.ToJsonString());
        var outDir = Path.Combine(site.Root, "site-version");
        var (code, _, stderr) = await Cli.Run("site", "--results", results, "--out", outDir);
        Assert.Equal(0, code);
        Assert.Contains($"{runJson}: format_version 0 is not supported (this site reads format_version 1); run left out", stderr);
        Assert.DoesNotContain("[empty]", File.ReadAllText(Path.Combine(outDir, "index.md")));
        Assert.Contains("[retrieval]", File.ReadAllText(Path.Combine(outDir, "index.md")));
    }

    [Fact]
    public async Task Two_runs_with_the_same_run_id_keep_the_first_and_warn_about_the_second()
    {
        var results = CopyResults("duplicate");
        var source = RunDir(results, "reference");
        var copy = Path.Combine(results, "zz-copy-of-reference");
        Directory.CreateDirectory(copy);
        foreach (var f in Directory.GetFiles(source)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        var (code, _, stderr) = await Cli.Run("site", "--results", results, "--out", Path.Combine(site.Root, "site-duplicate"));
        Assert.Equal(0, code);
        Assert.Contains($"{Path.Combine(copy, "run.json")}: run id '{Path.GetFileName(source)}' is also the id of {Path.Combine(source, "run.json")}; this " +
            $"copy is left out", stderr);
    }

    [Fact]
    public async Task Unreadable_json_is_a_warning_with_its_line()
    {
        var results = CopyResults("json");
        var runJson = Path.Combine(RunDir(results, "empty"), "run.json");
        File.WriteAllText(runJson, "{\n  \"format_version\": 1,\n  \"run_id\": oops\n}\n");
        File.WriteAllText(Path.Combine(results, "throughput", "broken.json"), "[ { \"avg_ts\": 1 ");
        var (code, _, stderr) = await Cli.Run("site", "--results", results, "--out", Path.Combine(site.Root, "site-json"));
        Assert.Equal(0, code);
        Assert.Contains($"{runJson}:3: not valid run JSON", stderr);
        Assert.Contains($"{Path.Combine(results, "throughput", "broken.json")}:1: not a throughput profile", stderr);
    }

    [Fact]
    public async Task No_usable_run_exits_2()
    {
        var results = Path.Combine(site.Root, "bad-none");
        Directory.CreateDirectory(Path.Combine(results, "a"));
        File.WriteAllText(Path.Combine(results, "a", "run.json"), "{ \"format_version\": 7, \"run_id\": \"a\" }");
        var (code, _, stderr) = await Cli.Run("site", "--results", results, "--out", Path.Combine(site.Root, "site-none"));
        Assert.Equal(2, code);
        Assert.Contains("no usable run", stderr);
        var (missing, _, err2) = await Cli.Run("site", "--results", Path.Combine(site.Root, "no-such"), "--out", Path.Combine(site.Root, "site-none2"));
        Assert.Equal(2, missing);
        Assert.Contains("no such results folder", err2);
    }

    [Fact]
    public async Task A_non_empty_folder_that_is_not_a_site_is_not_overwritten()
    {
        var outDir = Path.Combine(site.Root, "precious");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "notes.txt"), "keep me");
        var (code, _, stderr) = await Cli.Run("site", "--results", site.Results, "--out", outDir);
        Assert.Equal(2, code);
        Assert.Contains("not empty", stderr);
        Assert.True(File.Exists(Path.Combine(outDir, "notes.txt")));
    }

    [Fact]
    public async Task A_garbage_candidate_patch_still_gets_its_item_page()
    {
        var results = CopyResults("garbage");
        var samples = Path.Combine(RunDir(results, "retrieval"), "samples.jsonl");
        var lines = File.ReadAllLines(samples);
        var first = JsonNode.Parse(lines[0])!.AsObject();
        var item = first["item_id"]!.GetValue<string>();
        first["patch"] = "#N canvas 0 0 -5 nan 12;\n#X obj 1e308 -1e308 osc~ 1 2 3;\n#X connect 99 0 -1 5;\n#X msg;\n#A saved junk;\n\u0000 not pd at all " +
            "<svg></svg> & \"quotes\"\n";
        lines[0] = first.ToJsonString();
        File.WriteAllLines(samples, lines);
        var outDir = Path.Combine(site.Root, "site-garbage");
        var (code, _, stderr) = await Cli.Run("site", "--results", results, "--out", outDir);
        Assert.True(code == 0, stderr);
        var html = File.ReadAllText(Path.Combine(outDir, "items", SiteFixture.CoreKey, item + ".html"));
        Assert.Contains("#X connect 99 0 -1 5;", html);
        Assert.DoesNotContain("<svg></svg> &", html); // the patch text is escaped, not injected
        var parser = new AngleSharp.Html.Parser.HtmlParser(new AngleSharp.Html.Parser.HtmlParserOptions { IsStrictMode = true });
        var ex = Record.Exception(() => parser.ParseDocument(html));
        Assert.True(ex is null, ex?.Message);
    }
}
