using FsCheck;
using FsCheck.Fluent;
using PatchBench.Generation.Prompts;
using PatchBench.Pd;
using PatchBench.Training.Data;

namespace PatchBench.Training.Tests;

public class NumberVariantsTests
{
    private const string AddFive = "#N canvas 0 50 440 300 12;\n#X floatatom 30 25 5 0 0 0 - - - 0;\n#X obj 30 69 + 5;\n#X obj 30 113 print;\n#X connect 0 0 " +
        "1 0;\n#X connect 1 0 2 0;\n";

    [Fact]
    public void A_number_shared_by_prompt_and_box_changes_in_both_and_nothing_else_changes()
    {
        var variants = NumberVariants.Of("Create a Pure Data patch that adds 5 to any number.", AddFive, 3, seed: 1);
        Assert.Equal(3, variants.Count);
        foreach (var (prompt, patch) in variants)
        {
            var n = prompt.Split(' ')[7];
            Assert.Matches("^[2-9]$", n);
            Assert.NotEqual("5", n);
            // Coordinates, the float atom's width 5 and the connections stay as they were; only [+ 5]'s argument moves.
            Assert.Equal(AddFive.Replace("#X obj 30 69 + 5;", $"#X obj 30 69 + {n};", StringComparison.Ordinal), patch);
        }
        Assert.Equal(3, variants.Select(v => v.Prompt).Distinct().Count());
    }

    [Fact]
    public void Numbers_in_messages_change_with_their_commas_and_zero_and_one_never_change()
    {
        const string patch = "#N canvas 0 50 440 300 12;\n#X msg 30 66 91 \\, 0 1000;\n#X obj 30 110 line 0 100;\n#X connect 0 0 1 0;\n";
        var shared = NumberVariants.SharedNumbers("count down from 91 to 0 over 1000 ms, 1 time", patch);
        Assert.Equal(["91", "1000"], shared);
        var (prompt, text) = Assert.Single(NumberVariants.Of("count down from 91 to 0 over 1000 ms, 1 time", patch, 1, seed: 3));
        var words = prompt.Split(' ');
        Assert.Equal($"#N canvas 0 50 440 300 12;\n#X msg 30 66 {words[3]} \\, 0 {words[7]};\n#X obj 30 110 line 0 100;\n#X connect 0 0 1 0;\n", text);
        Assert.Equal(2, words[3].Length);
        Assert.Equal(4, words[7].Length);
    }

    [Fact]
    public void Decimals_negatives_and_numbers_glued_to_words_are_not_requests_for_a_number()
    {
        const string patch = "#N canvas 0 50 440 300 12;\n#X obj 30 30 *~ 5;\n#X obj 30 60 osc~ 440;\n#X obj 30 90 - 17;\n";
        Assert.Empty(NumberVariants.SharedNumbers("scale by 0.5, a 440Hz tone minus -17", patch));
        Assert.Empty(NumberVariants.Of("a patch with no numbers", patch, 4, seed: 1));
    }

    [Fact]
    public void Every_variant_of_every_few_shot_item_is_a_patch_that_parses_with_the_same_boxes_and_wires()
    {
        var suite = Harness.Suites.SuiteLoader.Load(Path.Combine(TestPaths.RepoRoot, "suites", "fewshot")).Suite!;
        var made = 0;
        foreach (var item in suite.Items)
        {
            var original = PdParser.Parse(item.ReferenceText);
            foreach (var (prompt, patch) in NumberVariants.Of(item.Prompt, item.ReferenceText.TrimEnd() + "\n", 8, seed: 11))
            {
                made++;
                var parsed = PdParser.Parse(patch);
                Assert.True(parsed.Diagnostics.Count == original.Diagnostics.Count, $"{item.Id}: {prompt}\n{patch}");
                Assert.Equal(original.Root.Boxes.Count, parsed.Root.Boxes.Count);
                Assert.Equal(original.Root.Connections.Count, parsed.Root.Connections.Count);
                Assert.NotEqual(item.Prompt, prompt);
                Assert.False(string.IsNullOrWhiteSpace(TrainingCorpus.RenderPrompt(prompt)));
            }
        }
        Assert.InRange(made, 200, 161 * 8); // most items that name a number get variants
    }

    [Fact]
    public void Variants_are_a_pure_function_of_prompt_patch_and_seed_and_keep_every_non_box_record()
    {
        Prop.ForAll(Gen.Choose(2, 999).ToArbitrary(), Gen.Choose(0, 10_000).ToArbitrary(), (n, seed) =>
        {
            var prompt = $"Create a Pure Data patch that multiplies a number by {n} and prints it.";
            var patch = $"#N canvas 0 50 440 300 12;\n#X obj 30 25 inlet;\n#X obj 30 69 * {n};\n#X text 30 150 times {n};\n#X obj 30 113 print;\n#X connect " +
                $"0 0 1 0;\n#X connect 1 0 2 0;\n";
            var a = NumberVariants.Of(prompt, patch, 2, seed);
            var b = NumberVariants.Of(prompt, patch, 2, seed);
            return a.SequenceEqual(b) && a.Count > 0 && a.All(v =>
                v.Patch.Contains($"#X text 30 150 times {n};", StringComparison.Ordinal) // comments are not boxes
                && v.Patch.Contains("#X connect 0 0 1 0;", StringComparison.Ordinal)
                && !v.Patch.Contains($"#X obj 30 69 * {n};", StringComparison.Ordinal));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Variants_enter_an_epoch_once_while_their_few_shot_item_enters_prompt_repeats_times()
    {
        var item = new TrainingDocument("a.yaml", "adds 5", AddFive, TrainingCorpus.RenderPrompt("adds 5") + AddFive);
        var variant = item with { Source = "a.yaml#variant-1", Variant = true };
        var plain = new TrainingDocument("doc.pd", "", AddFive, AddFive);
        Assert.Equal([4, 1, 1], new[] { item, variant, plain }.Select(d => d.Repeats(4)));
        var corpus = new TrainingCorpus([item, variant, plain], PromptFormat.Raw, 4);
        Assert.Equal(4L * TrainingCorpus.Tokens(item).Length + TrainingCorpus.Tokens(variant).Length + TrainingCorpus.Tokens(plain).Length,
            new TokenWindows(corpus, 16, 1, 1, 0).EpochTokens);
    }
}
