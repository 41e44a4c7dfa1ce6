using FsCheck;
using FsCheck.Fluent;
using PatchBench.Generation.Extraction;

namespace PatchBench.Generation.Tests;

public class ExtractionTests
{
    private const string Patch = """
        #N canvas 0 50 450 300 12;
        #X obj 30 30 loadbang;
        #X msg 30 60 10 20;
        #N canvas 0 50 450 300 add 0;
        #X obj 10 10 inlet;
        #X obj 10 40 unpack f f;
        #X obj 10 70 +;
        #X obj 10 100 outlet;
        #X connect 0 0 1 0;
        #X connect 1 0 2 0;
        #X connect 1 1 2 1;
        #X connect 2 0 3 0;
        #X restore 30 90 pd add;
        #X obj 30 120 print result;
        #X text 120 60 a long comment that wraps over \, two
        lines;
        #X connect 0 0 1 0;
        #X connect 1 0 2 0;
        #X connect 2 0 3 0;

        """;

    private static readonly Gen<string> Prose = Gen.Elements("", "Sure! Here's the patch you requested:\n", "Here is a Pd patch.\n\n",
        "I can help with that. The patch below adds the numbers.\n", "### Response:\n");
    private static readonly Gen<string> After = Gen.Elements("", "\n", "\nThis patch adds 10 and 20.", "\n\nLet me know if you need changes!\n",
        "\n### Instruction:\nnext");
    private static readonly Gen<string> Fence = Gen.Elements("", "```", "```pd", "```puredata", "~~~", "````text");

    private static string Wrap(string fence, string body) => fence.Length == 0 ? body : fence + "\n" + body
        + fence.TrimEnd('a', 'b', 'c', 'd', 'e', 'p', 'r', 't', 'u', 'x') + "\n";

    [Fact]
    public void Any_prose_and_fencing_around_a_patch_gives_back_the_patch()
    {
        Prop.ForAll(Arb.From(from p in Prose from f in Fence from a in After select (p, f, a)), t =>
        {
            var (prefix, fence, after) = t;
            var result = PatchExtractor.Extract(prefix + Wrap(fence, Patch) + after);
            return result.Status == ExtractionStatus.Complete && result.Patch == Patch;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Output_cut_inside_a_record_or_subpatch_is_truncated()
    {
        int lastRecordEnd = Patch.TrimEnd().Length;
        Prop.ForAll(Arb.From(Gen.Choose(12, lastRecordEnd - 2)), cut =>
        {
            string prefix = Patch[..cut];
            var result = PatchExtractor.Extract("Here you go:\n```pd\n" + prefix);
            // A cut right after a ';' with every subpatch closed is a whole (shorter) patch; the
            // generator's finish reason ("length") is what tells that case apart.
            bool midRecord = !prefix.TrimEnd().EndsWith(';');
            bool insideSubpatch = prefix.Contains("#N canvas 0 50 450 300 add 0;") && !prefix.Contains("#X restore");
            var expected = midRecord || insideSubpatch ? ExtractionStatus.Truncated : ExtractionStatus.Complete;
            return result.Status == expected && Patch.StartsWith(result.Patch.TrimEnd('\n'), StringComparison.Ordinal);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void The_first_complete_candidate_wins()
    {
        string broken = "#N canvas 0 50 450 300 12;\n#X obj 10 10 osc~ 440";
        var result = PatchExtractor.Extract($"Try:\n```\n{broken}\n```\nor better:\n```pd\n{Patch}```\n");
        Assert.Equal(ExtractionStatus.Complete, result.Status);
        Assert.Equal(Patch, result.Patch);
        Assert.Equal(2, result.Candidates);
    }

    [Fact]
    public void Two_bare_patches_are_two_candidates()
    {
        string other = "#N canvas 0 50 450 300 12;\n#X obj 10 10 print;\n";
        var result = PatchExtractor.Extract("One:\n" + other + "\nOr:\n" + Patch);
        Assert.Equal(2, result.Candidates);
        Assert.Equal(other, result.Patch);
    }

    [Theory]
    [InlineData("")]
    [InlineData("I'm sorry, I can't help with that.")]
    [InlineData("```python\nprint('hi')\n```")]
    public void No_patch_is_not_found(string output)
    {
        var result = PatchExtractor.Extract(output);
        Assert.Equal(ExtractionStatus.NotFound, result.Status);
        Assert.Equal("", result.Patch);
    }

    [Fact]
    public void Extraction_never_throws()
    {
        var text = Gen.ArrayOf(Gen.Elements("```", "#N canvas 0 0 1 1 12;", "#X obj 1 1 f;", "\n", "prose ", ";", "\\", "#X restore 1 1 pd a;",
            "#N canvas 0 0 1 1 a 0;")).Select(string.Concat);
        Prop.ForAll(Arb.From(text), t => PatchExtractor.Extract(t) is not null).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }
}
