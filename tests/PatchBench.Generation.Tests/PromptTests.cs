using PatchBench.Generation.Prompts;
using PatchBench.Generation.Retrieval;

namespace PatchBench.Generation.Tests;

public class PromptTests
{
    private static readonly FewShotExample Example = new("add", "Create a Pure Data patch that adds two numbers.",
        "#N canvas 0 50 450 300 12;\n#X obj 10 10 +;\n");

    [Fact]
    public void Alpaca_matches_patchgen_fine_tuning_layout()
    {
        var p = PromptBuilder.Build(PromptFormat.Alpaca, "Create a Pure Data patch that prints hello.", [], system: null);
        Assert.Equal("Below is an instruction that describes a task, paired with an input that provides further context. Write a response that appropriately " +
            "completes the request.\n\n" +
                     "### Instruction:\nCreate a Pure Data patch that prints hello.\n\n### Input:\n\n\n### Response:\n", p.Text);
    }

    [Fact]
    public void Mistral_puts_examples_as_earlier_turns()
    {
        var p = PromptBuilder.Build(PromptFormat.Mistral, "Make a metronome.", [Example], system: "SYS");
        Assert.Equal("<s>[INST] SYS\n\nCreate a Pure Data patch that adds two numbers. [/INST]#N canvas 0 50 450 300 12;\n#X obj 10 10 +;</s>[INST] Make a " +
            "metronome. [/INST]", p.Text);
    }

    [Fact]
    public void ChatMusician_and_chatml_end_with_the_assistant_turn()
    {
        Assert.EndsWith("Human: hi </s> Assistant: ", PromptBuilder.Build(PromptFormat.ChatMusician, "hi", [], null).Text);
        Assert.EndsWith("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n", PromptBuilder.Build(PromptFormat.ChatMl, "hi", [Example]).Text);
    }

    [Fact]
    public void Chat_format_gives_messages_for_the_backend_template()
    {
        var p = PromptBuilder.Build(PromptFormat.Chat, "hi", [Example]);
        Assert.Null(p.Text);
        Assert.Equal(["system", "user", "assistant", "user"], p.Messages!.Select(m => m.Role));
    }

    [Fact]
    public void Unknown_template_names_are_refused_with_the_choices()
    {
        var e = Assert.Throws<ArgumentException>(() => PromptBuilder.ParseFormat("llama9"));
        Assert.Contains("alpaca", e.Message);
    }

    [Fact]
    public void Jaccard_is_intersection_over_union_of_word_sets()
    {
        Assert.Equal(2 / 4.0, PromptSimilarity.Jaccard("Add two numbers", "add THREE numbers"), 10);
        Assert.Equal(0, PromptSimilarity.Jaccard("", ""));
    }

    [Theory]
    [InlineData(SimilarityMeasure.Jaccard)]
    [InlineData(SimilarityMeasure.Bm25)]
    public void Nearest_prefers_the_most_similar_prompt_and_is_deterministic(SimilarityMeasure measure)
    {
        var pool = new PromptSimilarity([
            new("noise", "Create a Pure Data patch that generates white noise with volume control."),
            new("metro", "Create a Pure Data patch with a metronome that bangs every 500 ms."),
            new("add", "Create a Pure Data patch that adds two numbers and prints the result."),
            new("add2", "Create a Pure Data patch that adds two numbers and prints the result."),
        ]);
        var a = pool.Nearest("Build a patch that adds 10 and 20 and prints the result", 2, measure, seed: 1);
        var b = pool.Nearest("Build a patch that adds 10 and 20 and prints the result", 2, measure, seed: 1);
        Assert.Equal(a.Select(x => x.Item.Id), b.Select(x => x.Item.Id));
        Assert.All(a, x => Assert.StartsWith("add", x.Item.Id));
        var excluded = pool.Nearest("adds two numbers", 1, measure, seed: 1, excludeIds: new HashSet<string> { "add", "add2" });
        Assert.DoesNotContain(excluded, x => x.Item.Id.StartsWith("add"));
    }
}
