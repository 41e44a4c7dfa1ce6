using FsCheck;
using FsCheck.Fluent;
using PatchBench.Harness.Suites;

namespace PatchBench.Harness.Tests;

public sealed class SuiteLoaderTests : IDisposable
{
    readonly string tmp = Directory.CreateTempSubdirectory("pb-suite-").FullName;

    public void Dispose() => Directory.Delete(tmp, recursive: true);

    const string Manifest = "name: demo\nversion: 1.0.0\ndescription: a test suite\nlicense: CC-BY-4.0\nprofile: vanilla\n";

    const string GoodItem = """
        id: add-two
        prompt: Create a Pure Data patch that adds 10 and 20 when a bang is triggered and prints the result.
        category: control-math
        difficulty: 1
        reference: add-two.pd
        checks:
          - name: press the bang
            steps:
              - bang: 1
              - observe: outputs
            expect:
              outputs: [30]
          - name: same as reference
            steps: [{set: {input: 1, value: -12}}, {wait: 100}, {observe: outputs}]
            expect: from-reference
        """;

    const string GoodPatch = "#N canvas 0 50 450 300 12;\n#X obj 30 25 bng 19 250 50 0 empty empty empty 0 -10 0 12 #fcfcfc #000000 #000000;\n#X msg 30 69 " +
        "10;\n#X obj 30 113 + 20;\n#X obj 30 157 print sum;\n#X connect 0 0 1 0;\n#X connect 1 0 2 0;\n#X connect 2 0 3 0;\n";

    string MakeSuite(string manifest = Manifest, params (string Name, string Text)[] files)
    {
        var dir = Path.Combine(tmp, "s" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(dir, "items"));
        File.WriteAllText(Path.Combine(dir, "suite.yaml"), manifest);
        foreach (var (name, text) in files) File.WriteAllText(Path.Combine(dir, "items", name), text);
        return dir;
    }

    [Fact]
    public void Reads_the_range_and_step_properties_and_rejects_bad_values()
    {
        var item = GoodItem.Replace("outputs: [30]", "outputs: {count: 3, reaches-below: 0.1, reaches-above: 0.9, max-step: 1, non-decreasing: true}");
        var ok = SuiteLoader.Load(MakeSuite(files: [("add-two.yaml", item), ("add-two.pd", GoodPatch)]));
        Assert.True(ok.Ok, string.Join("\n", ok.Problems));
        var p = Assert.IsType<OutputProperties>(ok.Suite!.Items[0].Checks[0].Expect.Outputs);
        Assert.Equal((0.1, 0.9, 1.0, true), (p.ReachesBelow, p.ReachesAbove, p.MaxStep, p.NonDecreasing));
        var bad = SuiteLoader.Load(MakeSuite(files: [("add-two.yaml", GoodItem.Replace("outputs: [30]", "outputs: {max-step: big, non-decreasing: yes}")),
            ("add-two.pd", GoodPatch)]));
        Assert.False(bad.Ok);
        Assert.Contains(bad.Problems, m => m.ToString().Contains("'max-step' must be a number"));
        Assert.Contains(bad.Problems, m => m.ToString().Contains("'non-decreasing' must be true or false"));
    }

    [Fact]
    public void Loads_a_valid_suite_with_its_checks()
    {
        var result = SuiteLoader.Load(MakeSuite(files: [("add-two.yaml", GoodItem), ("add-two.pd", GoodPatch)]));
        Assert.True(result.Ok, string.Join("\n", result.Problems));
        var item = Assert.Single(result.Suite!.Items);
        Assert.Equal("add-two", item.Id);
        Assert.Equal(2, item.Checks.Count);
        var first = item.Checks[0];
        Assert.IsType<BangStep>(first.Steps[0]);
        Assert.IsType<ObserveStep>(first.Steps[1]);
        Assert.Equal(["30"], Assert.IsType<LiteralOutputs>(first.Expect.Outputs).Values);
        var set = Assert.IsType<SetStep>(item.Checks[1].Steps[0]);
        Assert.Equal(-12, set.Value);
        Assert.Equal([InputKind.Number, InputKind.Inlet], set.Input.Kinds);
        Assert.Equal(100, Assert.IsType<WaitStep>(item.Checks[1].Steps[1]).Milliseconds);
        Assert.IsType<FromReference>(item.Checks[1].Expect.Outputs);
        Assert.StartsWith("sha256:", result.Suite.ContentHash);
    }

    [Fact]
    public void Broken_yaml_is_reported_with_file_and_line()
    {
        var broken = GoodItem.Replace("  - name: press the bang", "  - name: [press the bang");
        var dir = MakeSuite(files: [("add-two.yaml", broken), ("add-two.pd", GoodPatch)]);
        var result = SuiteLoader.Load(dir);
        Assert.False(result.Ok);
        var p = Assert.Single(result.Problems);
        Assert.EndsWith("add-two.yaml", p.File);
        Assert.Contains("YAML syntax error", p.Message);
        Assert.InRange(p.Line, 7, 9);
        Assert.Matches(@"add-two\.yaml:\d+:\d+: YAML syntax error", p.ToString());
    }

    [Fact]
    public void Bad_indentation_is_reported_on_its_line()
    {
        var broken = GoodItem.Replace("category: control-math", "category: control-math\n  difficulty: 2");
        var p = Assert.Single(SuiteLoader.Load(MakeSuite(files: [("add-two.yaml", broken), ("add-two.pd", GoodPatch)])).Problems);
        Assert.Contains("YAML syntax error", p.Message);
        Assert.Equal(4, p.Line);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_lines()
    {
        var bad = GoodItem
            .Replace("category: control-math", "category: control-maths")
            .Replace("difficulty: 1", "difficulty: 9")
            .Replace("- bang: 1", "- bang: 0")
            .Replace("outputs: [30]", "output: [30]");
        var dir = MakeSuite(files: [("add-two.yaml", bad), ("add-two.pd", GoodPatch), ("orphan.pd", GoodPatch)]);
        var problems = SuiteLoader.Load(dir).Problems;
        string Line(string needle) => string.Join("\n", problems.Where(p => p.Message.Contains(needle)).Select(p => p.ToString()));
        Assert.Contains(problems, p => p.Message.Contains("unknown category 'control-maths'") && p.Line == 3);
        Assert.Contains(problems, p => p.Message.Contains("'difficulty' must be a whole number from 1 to 5") && p.Line == 4);
        Assert.Contains(problems, p => p.Message.Contains("input numbers start at 1") && p.Line == 9);
        Assert.Contains(problems, p => p.Message.Contains("unknown key 'output'") && p.Line == 12);
        Assert.Contains(problems, p => p.File.EndsWith("orphan.pd") && p.Message.Contains("no item refers"));
        Assert.True(problems.Count >= 5, Line(""));
    }

    [Fact]
    public void Missing_reference_unknown_step_and_id_mismatch_are_located()
    {
        var bad = GoodItem.Replace("id: add-two", "id: add-three").Replace("- observe: outputs", "- watch: outputs");
        var dir = MakeSuite(files: [("add-two.yaml", bad.Replace("reference: add-two.pd", "reference: missing.pd"))]);
        var problems = SuiteLoader.Load(dir).Problems;
        Assert.Contains(problems, p => p.Line == 1 && p.Message.Contains("'id' is 'add-three' but the file is add-two.yaml"));
        Assert.Contains(problems, p => p.Line == 5 && p.Message.Contains("reference file 'missing.pd' does not exist"));
        Assert.Contains(problems, p => p.Line == 10 && p.Message.Contains("unknown step 'watch'"));
    }

    [Fact]
    public void Duplicate_prompts_and_bad_manifest_are_rejected()
    {
        var other = GoodItem.Replace("add-two", "add-again");
        var manifest = Manifest.Replace("version: 1.0.0", "version: 1.0").Replace("profile: vanilla", "profile: purr") + "hash: abc\n";
        var dir = MakeSuite(manifest, [("add-two.yaml", GoodItem), ("add-two.pd", GoodPatch), ("add-again.yaml", other), ("add-again.pd", GoodPatch)]);
        var problems = SuiteLoader.Load(dir).Problems;
        Assert.Contains(problems, p => p.File.EndsWith("add-two.yaml") && p.Message.Contains("same prompt as item 'add-again'"));
        Assert.Contains(problems, p => p.File.EndsWith("suite.yaml") && p.Line == 2 && p.Message.Contains("semantic version"));
        Assert.Contains(problems, p => p.File.EndsWith("suite.yaml") && p.Line == 5 && p.Message.Contains("'profile'"));
        Assert.Contains(problems, p => p.File.EndsWith("suite.yaml") && p.Line == 6 && p.Message.Contains("computed by the loader"));
    }

    [Fact]
    public void Reference_parse_errors_point_into_the_patch()
    {
        var dir = MakeSuite(files: [("add-two.yaml", GoodItem), ("add-two.pd", "#X obj 10 10 print;\n")]);
        var problems = SuiteLoader.Load(dir).Problems;
        Assert.Contains(problems, p => p.File.EndsWith("add-two.pd") && p.Line == 1);
    }

    [Fact]
    public void Expectations_must_match_the_steps()
    {
        var bad = GoodItem.Replace("      - observe: outputs\n", "      - wait: 10\n")
            .Replace("expect: from-reference", "expect:\n      audio: {sounding: maybe}");
        var problems = SuiteLoader.Load(MakeSuite(files: [("add-two.yaml", bad), ("add-two.pd", GoodPatch)])).Problems;
        Assert.Contains(problems, p => p.Message.Contains("needs an 'observe: outputs' step"));
        Assert.Contains(problems, p => p.Message.Contains("needs a 'record-audio' step"));
        Assert.Contains(problems, p => p.Message.Contains("'sounding' must be true or false"));
    }

    [Fact]
    public void Hash_changes_with_any_item_change_and_not_otherwise()
    {
        string Hash(string item, string patch) =>
            SuiteLoader.Load(MakeSuite(files: [("add-two.yaml", item), ("add-two.pd", patch)])).Suite!.ContentHash;
        var h = Hash(GoodItem, GoodPatch);
        Assert.Equal(h, Hash(GoodItem, GoodPatch));
        Assert.Equal(h, Hash(GoodItem.Replace("\n", "\r\n"), GoodPatch.Replace("\n", "\r\n")));
        Assert.NotEqual(h, Hash(GoodItem.Replace("adds 10", "adds 11"), GoodPatch));
        Assert.NotEqual(h, Hash(GoodItem, GoodPatch.Replace("+ 20", "+ 21")));
        Assert.NotEqual(h, Hash(GoodItem.Replace("outputs: [30]", "outputs: [30]\n      compare: last"), GoodPatch));
    }

    [Fact]
    public void Hash_separates_parts_so_moving_bytes_between_files_changes_it()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<NonEmptyString>(), ArbMap.Default.ArbFor<NonEmptyString>(), (a, b) =>
        {
            var x = a.Get; var y = b.Get;
            var one = SuiteContentHash.Compute([new("suite.yaml", "m"u8.ToArray()), new("items/i.yaml", System.Text.Encoding.UTF8.GetBytes(x + y)),
                new("items/i.pd", [])]);
            var two = SuiteContentHash.Compute([new("suite.yaml", "m"u8.ToArray()), new("items/i.yaml", System.Text.Encoding.UTF8.GetBytes(x)),
                new("items/i.pd", System.Text.Encoding.UTF8.GetBytes(y))]);
            return one != two;
        }).QuickCheckThrowOnFailure();
    }
}
