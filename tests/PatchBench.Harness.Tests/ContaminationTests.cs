using PatchBench.Harness.Suites;

namespace PatchBench.Harness.Tests;

public sealed class ContaminationTests
{
    static Suite Load(string name)
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !Directory.Exists(Path.Combine(dir, "suites", name))) dir = Path.GetDirectoryName(dir);
        var r = SuiteLoader.Load(Path.Combine(dir!, "suites", name));
        Assert.True(r.Ok, string.Join("\n", r.Problems));
        return r.Suite!;
    }

    static List<(PromptPatchRow, string)> Rows(Suite s) => s.Items.Select(i => (new PromptPatchRow(i.Prompt, i.ReferenceText, 1), i.Id)).ToList();

    [Fact]
    public void Core_and_fewshot_are_disjoint_at_the_default_settings_and_a_suite_against_itself_is_all_leaks()
    {
        var core = Load("core");
        var fewshot = Load("fewshot");
        var cross = Contamination.Measure(core.Items, Rows(fewshot), n: 8, threshold: 0.8);
        Assert.DoesNotContain(cross, r => r.Flagged);
        Assert.True(cross.Max(r => r.PromptOverlap) < 0.5);
        var self = Contamination.Measure(core.Items, Rows(core), n: 8, threshold: 0.8);
        Assert.All(self, r => Assert.True(r.Flagged && r.PromptOverlap == 1 && r.PatchOverlap == 1, r.ItemId));
    }

    [Fact]
    public void A_copied_reference_with_moved_boxes_is_still_found()
    {
        var core = Load("core");
        var item = core.Items.First(i => i.Id == "drum-machine");
        var moved = System.Text.RegularExpressions.Regex.Replace(item.ReferenceText, @"#X (obj|msg) (\d+) (\d+)", m =>
            $"#X {m.Groups[1]} {int.Parse(m.Groups[2].Value) + 37} {int.Parse(m.Groups[3].Value) + 11}");
        var r = Contamination.Measure([item], [(new PromptPatchRow("something else entirely", moved, 3), "train.jsonl")], 8, 0.8).Single();
        Assert.Equal(1.0, r.PatchOverlap);
        Assert.True(r.Flagged);
        Assert.Equal("train.jsonl:3", r.PatchMatch);
    }

    [Fact]
    public void Csv_with_quoted_multiline_patches_and_patchgen_headers_reads()
    {
        var rows = PromptPatchTable.ReadCsv("Prompt,Patch Contents\n\"Add, then print\",\"#N canvas 0 0 450 300 12;\n#X obj 10 10 \"\"print\"\";\"\nsecond,x\n",
            "t.csv");
        Assert.Equal(2, rows.Count);
        Assert.Equal("Add, then print", rows[0].Prompt);
        Assert.Contains("\"print\"", rows[0].Patch);
        Assert.Equal(4, rows[1].Line);
        var ex = Assert.Throws<FormatException>(() => PromptPatchTable.ReadJsonLines("{\"instruction\":\"a\"}\n", "t.jsonl"));
        Assert.Contains("t.jsonl:1", ex.Message);
    }
}
