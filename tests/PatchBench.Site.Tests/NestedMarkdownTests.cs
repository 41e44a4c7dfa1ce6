using FsCheck;
using FsCheck.Fluent;
using PatchBench.Site.Pages;

namespace PatchBench.Site.Tests;

/// <summary>Markdown other commands wrote (contamination report, gate summary) nested under a page's own headings.</summary>
public sealed class NestedMarkdownTests
{
    [Fact]
    public void Headings_move_down_but_not_past_level_six_and_code_blocks_stay()
    {
        Assert.Equal("### A\n\ntext\n\n#### B\n", TrainingPages.DemoteHeadings("# A\n\ntext\n\n## B\n", 2));
        Assert.Equal("###### Deep\n", TrainingPages.DemoteHeadings("##### Deep", 2));
        Assert.Equal("### Gate\n\n#### Detail\n", TrainingPages.NestUnder("## Gate\n\n### Detail\n", 2));
        Assert.Equal("### Report\n", TrainingPages.NestUnder("# Report\n", 2));
        Assert.Equal("no heading\n", TrainingPages.NestUnder("no heading", 2));
        Assert.Equal("```\n# x\n```\n", TrainingPages.DemoteHeadings("```\n# x\n```\n", 2));
        Assert.Equal("Setext\n===\n", TrainingPages.DemoteHeadings("Setext\n===\n", 2));
    }

    [Fact]
    public void Demoting_only_adds_hash_marks() =>
        Prop.ForAll(Gen.Elements("#` =-ab\n".ToCharArray()).ArrayOf().Select(c => new string(c)).ToArbitrary(), md =>
        {
            var demoted = TrainingPages.DemoteHeadings(md, 2);
            return demoted.Replace("#", "").TrimEnd('\n') == md.Replace("#", "").TrimEnd('\n')
                && demoted.Count(c => c == '#') >= md.Count(c => c == '#');
        }).QuickCheckThrowOnFailure();
}
