using PatchBench.Pd;
using PatchBench.Pd.Catalog;
using PatchBench.Site.Charts;

namespace PatchBench.Site.Tests.Charts;

public class ObjectFrequencyTests
{
    private static IReadOnlyDictionary<string, int> CountFile(string path) =>
        ObjectFrequency.Count(PdParser.Parse(File.ReadAllText(path)), ObjectCatalog.Vanilla);

    [Fact]
    public void Counts_the_objects_of_the_adsr_example_by_hand()
    {
        // D02.adsr.pd: [r trigger] [r graphit] [tabwrite~] [del 500] [adsr …] [osc~] [*~] [output~]
        // [declare] [bng]; a graph with an array, three message boxes and comments are not objects.
        var counts = CountFile("/usr/share/puredata/doc/3.audio.examples/D02.adsr.pd");
        var expected = new Dictionary<string, int>
        {
            ["receive"] = 2, ["tabwrite~"] = 1, ["delay"] = 1, ["adsr"] = 1, ["osc~"] = 1,
            ["*~"] = 1, ["output~"] = 1, ["declare"] = 1, ["bng"] = 1,
        };
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), counts);
    }

    [Fact]
    public void Counts_subpatches_as_pd_and_recurses_into_them()
    {
        // 12.PART2.subpatch.pd: two subpatches ([pd sample-subpatch] holds only a comment; [pd eager-adder]
        // holds two [inlet], [outlet], [t b f], [+]), two [sendnumber] abstractions, two [r], two [bng];
        // five number boxes and the comments are not counted.
        var counts = CountFile("/usr/share/puredata/doc/2.control.examples/12.PART2.subpatch.pd");
        var expected = new Dictionary<string, int>
        {
            ["pd"] = 2, ["inlet"] = 2, ["outlet"] = 1, ["trigger"] = 1, ["+"] = 1,
            ["sendnumber"] = 2, ["receive"] = 2, ["bng"] = 2,
        };
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), counts);
        Assert.DoesNotContain("eager-adder", counts.Keys);
        Assert.DoesNotContain("floatatom", counts.Keys);
    }

    [Fact]
    public void Aliases_count_together_and_non_objects_do_not_count()
    {
        var patch = PdParser.Parse("""
            #N canvas 0 0 400 300 12;
            #X obj 10 10 t b b;
            #X obj 10 40 trigger f f;
            #X obj 10 70 f;
            #X obj 10 100 float;
            #X msg 10 130 trigger;
            #X text 10 160 trigger trigger trigger;
            #X floatatom 10 190 5 0 0 0 - - - 0;
            #X obj 10 220;
            #X obj 10 250 my-abstraction 3;
            """);
        var counts = ObjectFrequency.Count(patch, ObjectCatalog.Vanilla);
        Assert.Equal(new Dictionary<string, int> { ["float"] = 2, ["my-abstraction"] = 1, ["trigger"] = 2 }.OrderBy(p => p.Key, StringComparer.Ordinal),
            counts);
    }

    [Fact]
    public void Counting_every_reference_example_gives_a_total_equal_to_the_object_and_subpatch_boxes()
    {
        int files = 0;
        foreach (var path in Directory.GetFiles("/usr/share/puredata/doc/3.audio.examples", "*.pd"))
        {
            var patch = PdParser.Parse(File.ReadAllText(path));
            int boxes = patch.Canvases.SelectMany(c => c.Boxes)
                .Count(b => b.Kind == Pd.Model.PdBoxKind.Subpatch || (b.Kind == Pd.Model.PdBoxKind.Object && b.ClassName.Length > 0));
            Assert.Equal(boxes, ObjectFrequency.Count(patch, ObjectCatalog.Vanilla).Values.Sum());
            files++;
        }
        Assert.True(files > 50);
    }

    [Fact]
    public void Compare_gives_shares_of_each_series_total_ordered_by_combined_share()
    {
        var spec = ObjectFrequency.Compare("t", "generated", new Dictionary<string, int> { ["osc~"] = 3, ["dac~"] = 1 },
            "reference", new Dictionary<string, int> { ["dac~"] = 3, ["*~"] = 1 }, top: 2);
        Assert.Equal(["generated (% of objects)", "reference (% of objects)"], spec.SeriesNames);
        // dac~ 25% + 75%, osc~ 75% + 0%, *~ 0% + 25% (cut by top: 2).
        Assert.Equal(["dac~", "osc~"], spec.Rows.Select(r => r.Key));
        Assert.Equal([75.0, 0.0], spec.Rows[1].Counts);
        Assert.Equal([25.0, 75.0], spec.Rows[0].Counts);
    }
}
