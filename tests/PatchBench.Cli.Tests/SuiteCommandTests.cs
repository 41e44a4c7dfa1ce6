using PatchBench.Testing;
namespace PatchBench.Cli.Tests;

/// <summary>Runs the real built <c>patchbench suite validate</c> on small copies of the shipped few-shot suite.</summary>
public sealed class SuiteCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("patchbench-suite-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string RepoRoot() => RepositoryRoot.Path;

    /// <summary>A two-item suite copied from suites/fewshot (a control item and a timing one).</summary>
    private string SmallSuite()
    {
        string source = Path.Combine(RepoRoot(), "suites", "fewshot");
        string target = Path.Combine(_dir, "small");
        Directory.CreateDirectory(Path.Combine(target, "items"));
        File.Copy(Path.Combine(source, "suite.yaml"), Path.Combine(target, "suite.yaml"));
        foreach (var id in new[] { "add-five", "accent-metronome" })
            foreach (var ext in new[] { ".yaml", ".pd" })
                File.Copy(Path.Combine(source, "items", id + ext), Path.Combine(target, "items", id + ext));
        return target;
    }

    [Fact]
    public void A_suite_whose_references_lint_run_and_pass_their_checks_validates()
    {
        var (exit, output, err) = LintCommandTests.Patchbench("suite", "validate", SmallSuite());
        Assert.True(exit == 0, $"exit {exit}\n{output}\n{err}");
        Assert.Contains("2 items", output);
        Assert.Contains("0 problem(s)", output);
    }

    [Fact]
    public void A_reference_pd_cannot_create_fails_validation_with_the_lint_code_and_line()
    {
        string suite = SmallSuite();
        string reference = Path.Combine(suite, "items", "add-five.pd");
        var lines = File.ReadAllLines(reference).ToList();
        int at = lines.FindIndex(l => l.StartsWith("#X obj ", StringComparison.Ordinal));
        var fields = lines[at].Split(' ');
        lines[at] = string.Join(' ', fields.Take(4)) + " nosuchclass_xyz;";
        File.WriteAllLines(reference, lines);
        var (exit, output, err) = LintCommandTests.Patchbench("suite", "validate", suite);
        Assert.True(exit == 1, $"exit {exit}\n{output}\n{err}");
        Assert.Contains($"add-five.pd:{at + 1}:1: PD101", output);
    }

    [Fact]
    public void A_missing_suite_folder_is_a_usage_error()
    {
        var (exit, _, err) = LintCommandTests.Patchbench("suite", "validate", Path.Combine(_dir, "nope"));
        Assert.Equal(2, exit);
        Assert.DoesNotContain("   at ", err);
    }

    private const string PrintOnBang = "#N canvas 0 0 300 200 12;\n#X msg 10 10 42;\n#X obj 10 50 print out;\n#X connect 0 0 1 0;\n";
    private const string Sine = "#N canvas 0 0 300 200 12;\n#X obj 10 10 osc~ 440;\n#X obj 10 50 *~ 0.1;\n#X obj 10 90 dac~;\n#X connect 0 0 1 0;\n#X " +
        "connect 1 0 2 0;\n#X connect 1 0 2 1;\n";

    private static string Json(string s) => System.Text.Json.JsonSerializer.Serialize(s);

    /// <summary>Imports <paramref name="file"/>, validates the suite and scores the reference over it; returns the import's stderr.</summary>
    private string ImportValidateRun(string file, int items)
    {
        string suite = Path.Combine(_dir, "imported-" + Path.GetFileNameWithoutExtension(file));
        var (exit, output, err) = LintCommandTests.Patchbench("suite", "import", file, "--out", suite);
        Assert.True(exit == 0, $"import exit {exit}\n{output}\n{err}");
        Assert.Contains($"imported {items} item(s)", output);
        Assert.All(Directory.GetFiles(Path.Combine(suite, "items"), "*.yaml"), f => Assert.Contains("derived: true", File.ReadAllText(f)));
        (exit, output, var verr) = LintCommandTests.Patchbench("suite", "validate", suite);
        Assert.True(exit == 0, $"validate exit {exit}\n{output}\n{verr}");
        (exit, output, var rerr) = LintCommandTests.Patchbench("run", "--suite", suite, "--system", "reference", "--out", Path.Combine(_dir, "runs"));
        Assert.True(exit == 0, $"run exit {exit}\n{output}\n{rerr}");
        Assert.Matches(@"functional_pass\s+1 ", output);
        Assert.Matches(@"run_ok\s+1 ", output);
        return err;
    }

    [Fact]
    public void An_Alpaca_jsonl_imports_into_a_suite_that_validates_and_runs_with_derived_checks()
    {
        const string instruction = "create a Pd patch that matches the following request.";
        string Row(string input, string patch) =>
            $"{{\"instruction\": {Json(instruction)}, \"input\": {Json(input)}, \"output\": " +
                $"{Json("sure! here's the patch you requested: ```\n" + patch + "```")}}}";
        string file = Path.Combine(_dir, "alpaca.jsonl");
        File.WriteAllLines(file, [Row("print 42 when clicked", PrintOnBang), Row("play a quiet 440 Hz sine", Sine), Row("print 42 when clicked", PrintOnBang)]);
        var err = ImportValidateRun(file, 2);
        Assert.Contains("alpaca.jsonl:3: same prompt and patch as line 1; skipped", err);
        var prompts = Directory.GetFiles(Path.Combine(_dir, "imported-alpaca", "items"), "*.yaml").Select(File.ReadAllText).ToList();
        Assert.Contains(prompts, p => p.Contains("print 42 when clicked"));
        Assert.Contains(prompts, p => p.Contains("440 Hz sine"));
    }

    [Fact]
    public void A_PatchGen_csv_imports_into_a_suite_that_validates_and_runs()
    {
        string Csv(string s) => "\"" + s.Replace("\"", "\"\"") + "\"";
        string file = Path.Combine(_dir, "patchgen.csv");
        File.WriteAllText(file, "Prompt,Patch Contents\n" + Csv("print 42 when clicked") + "," + Csv(PrintOnBang) + "\n" + Csv("a quiet sine") + "," + Csv(Sine)
            + "\n");
        ImportValidateRun(file, 2);
    }

    /// <summary>
    /// A Max user's item: cyclone's [uzi] (Debian pd-cyclone). <c>requires: [cyclone]</c> selects the cyclone profile: linted with
    /// catalog/cyclone-0.6.1.json (probed from Pd with cyclone loaded) and loaded and run with <c>-lib cyclone</c>, so its check,
    /// which only cyclone's [uzi] can pass, passes.
    /// </summary>
    [Fact]
    [Trait("Category", "Integration")]
    public void A_cyclone_item_lints_with_the_cyclone_catalog_and_validates_and_runs_with_lib_cyclone()
    {
        string suite = Path.Combine(_dir, "cyclone");
        Directory.CreateDirectory(Path.Combine(suite, "items"));
        File.WriteAllText(Path.Combine(suite, "suite.yaml"),
            "name: cyclone-fixture\nversion: 1.0.0\ndescription: one cyclone item\nlicense: CC-BY-4.0\nprofile: vanilla\n");
        // [uzi 3]: on a bang, three bangs from its left outlet and their indices 1, 2, 3 from its right one.
        string reference = Path.Combine(suite, "items", "uzi-indices.pd");
        File.WriteAllText(reference, "#N canvas 0 0 300 200 12;\n#X msg 10 10 bang;\n#X obj 10 40 uzi 3;\n#X obj 80 80 print index;\n#X connect 0 0 1 0;\n#X " +
            "connect 1 2 2 0;\n");
        File.WriteAllText(Path.Combine(suite, "items", "uzi-indices.yaml"),
            "id: uzi-indices\nprompt: Using cyclone's uzi, print the indices 1 to 3 when the message box is clicked.\ncategory: counters-state\ndifficulty: " +
                "1\n" +
            "reference: uzi-indices.pd\nrequires: [cyclone]\nchecks:\n  - name: three indices\n    steps:\n      - bang: 1\n      - observe: outputs\n    " +
                "expect:\n      outputs: [1, 2, 3]\n");

        var (exit, output, err) = LintCommandTests.Patchbench("lint", reference);
        Assert.True(exit == 1, $"vanilla lint exit {exit}\n{output}\n{err}");
        Assert.Contains("PD101", output);
        (exit, output, err) = LintCommandTests.Patchbench("lint", "--profile", "cyclone", reference);
        Assert.True(exit == 0, $"cyclone lint exit {exit}\n{output}\n{err}");

        (exit, output, err) = LintCommandTests.Patchbench("suite", "validate", suite);
        Assert.True(exit == 0, $"validate exit {exit}\n{output}\n{err}");
        Assert.Contains("0 problem(s)", output);
        (exit, output, err) = LintCommandTests.Patchbench("run", "--suite", suite, "--system", "reference", "--out", Path.Combine(_dir, "runs"));
        Assert.True(exit == 0, $"run exit {exit}\n{output}\n{err}");
        foreach (var metric in new[] { "lint_ok", "load_ok", "run_ok", "functional_pass" })
            Assert.Matches(metric + @"\s+1 ", output);
    }
}
