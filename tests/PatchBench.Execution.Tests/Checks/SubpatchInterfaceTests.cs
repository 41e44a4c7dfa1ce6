using PatchBench.Execution.Checks;
using PatchBench.Harness.Suites;
using PatchBench.Pd;

namespace PatchBench.Execution.Tests.Checks;

/// <summary>Inputs and outputs inside subpatches (<c>[pd name]</c>) are found, driven and tapped in their own canvas.</summary>
[Collection("pd")]
[Trait("Category", "Integration")] // real Pd in bubblewrap
public sealed class SubpatchInterfaceTests(PdFixture pd)
{
    // add-10-20-on-bang with its print two subpatches deep: [pd out] holds [inlet]→[pd deeper], which holds [inlet]→[print sum].
    const string NestedPrint = """
        #N canvas 0 50 440 300 12;
        #X obj 30 25 bng 19 250 50 0 empty empty empty 0 -10 0 12 #fcfcfc #000000 #000000;
        #X msg 30 66 10;
        #X obj 30 110 + 20;
        #N canvas 0 50 300 200 out 0;
        #X obj 10 5 inlet;
        #X text 60 5 the sum goes deeper;
        #N canvas 0 50 300 200 deeper 0;
        #X obj 10 5 inlet;
        #X obj 10 60 print sum;
        #X connect 0 0 1 0;
        #X restore 10 50 pd deeper;
        #X connect 0 0 2 0;
        #X restore 30 154 pd out;
        #X connect 0 0 1 0;
        #X connect 1 0 2 0;
        #X connect 2 0 3 0;

        """;

    static SuiteItem Item(string id) => SuiteChecksTests.LoadSuite("core").Items.Single(i => i.Id == id);

    [Fact]
    public void The_tap_of_a_nested_print_goes_into_its_own_canvas_with_local_indices()
    {
        var item = Item("add-10-20-on-bang");
        var (plan, failure) = CheckPlanner.Plan(NestedPrint, PdParser.Parse(NestedPrint), item.Checks[0], "pbcnonce");
        Assert.Null(failure);
        var patch = PdParser.Parse(plan!.Text);
        Assert.False(patch.HasErrors, string.Join("\n", patch.Diagnostics));
        var deeper = patch.Root.Boxes[3].Subcanvas!.Boxes[2].Subcanvas!;
        var tap = Assert.Single(deeper.Boxes, b => b.ClassName == "print" && b.Arguments.Count == 1 && b.Arguments[0].Value == "pbcnonce-o1");
        Assert.Equal(2, tap.Index);                                              // after the canvas's own two boxes
        Assert.Contains(deeper.Connections, c => c.Source == 0 && c.Outlet == 0 && c.Sink == 2 && c.Inlet == 0); // fed like [print sum]: by the inlet
        Assert.DoesNotContain(patch.Root.Boxes, b => b.ClassName == "print" && b.Arguments.Any(a => a.Value == "pbcnonce-o1"));
        var output = Assert.Single(plan.Outputs);
        Assert.Equal([3, 2], output.Path!);
    }

    [Theory]
    [InlineData("crlf")]
    [InlineData("restore after another record on its line")]
    public void Taps_are_inserted_at_the_restore_record_wherever_it_starts(string layout)
    {
        var text = layout == "crlf"
            ? NestedPrint.Replace("\n", "\r\n")
            : NestedPrint.Replace("#X connect 0 0 1 0;\n#X restore 10 50 pd deeper;", "#X connect 0 0 1 0; #X restore 10 50 pd deeper;");
        Assert.NotEqual(NestedPrint, text);
        var (plan, _) = CheckPlanner.Plan(text, PdParser.Parse(text), Item("add-10-20-on-bang").Checks[0], "pbcnonce");
        var patch = PdParser.Parse(plan!.Text);
        Assert.False(patch.HasErrors, string.Join("\n", patch.Diagnostics));
        var deeper = patch.Root.Boxes[3].Subcanvas!.Boxes[2].Subcanvas!;
        Assert.Equal(["inlet", "print", "print"], deeper.Boxes.Select(b => b.ClassName));
        Assert.Equal(2, deeper.Connections.Count);                                 // inlet→print sum (the original), inlet→tap
        Assert.Equal(["bng", "+", "pd"], patch.Root.Boxes.Where(b => b.Index is 0 or 2 or 3).Select(b => b.ClassName)); // root boxes keep their indices
    }

    [Fact]
    public async Task A_print_two_subpatches_deep_passes_and_a_wrong_value_there_fails()
    {
        var item = Item("add-10-20-on-bang");
        var checker = new FunctionalChecker(new ExecutorRunner(pd.Sandboxed, 2));
        var good = await checker.CheckAsync(item, NestedPrint);
        Assert.True(good.AllPassed, string.Join("; ", good.Outcomes.SelectMany(o => o.Problems)));
        var wrong = await checker.CheckAsync(item, NestedPrint.Replace("+ 20;", "+ 21;"));
        var outcome = Assert.Single(wrong.Outcomes);
        Assert.False(outcome.Passed);
        Assert.Contains("31", outcome.Observed);
    }

    [Theory]
    [InlineData("add-10-20-on-bang")]
    [InlineData("abs-mod-7")]
    public async Task Outputs_or_inputs_moved_into_subpatches_still_pass(string id)
    {
        var item = Item(id);
        var checker = new FunctionalChecker(new ExecutorRunner(pd.Sandboxed, 2));
        var outputsMoved = PatchRewrites.OutputsIntoSubpatches(item.ReferenceText);
        var inputsMoved = PatchRewrites.InputsIntoSubpatches(item.ReferenceText);
        Assert.NotNull(outputsMoved);
        Assert.NotNull(inputsMoved);
        var outputs = PatchInterface.Find(PdParser.Parse(outputsMoved).Root).Outputs;
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.NotNull(o.Path));                 // nothing left in the root
        var inputs = PatchInterface.Find(PdParser.Parse(inputsMoved).Root).Inputs;
        Assert.NotEmpty(inputs);
        Assert.All(inputs, i => Assert.NotNull(i.Path));
        foreach (var rewritten in new[] { outputsMoved, inputsMoved })
        {
            var report = await checker.CheckAsync(item, rewritten);
            Assert.True(report.AllPassed, rewritten + "\n" + string.Join("; ", report.Outcomes.SelectMany(o => o.Problems)));
        }
    }

    [Fact]
    public async Task A_number_box_input_inside_a_subpatch_with_a_wrong_sum_fails()
    {
        var item = Item("abs-mod-7");
        var rewritten = PatchRewrites.InputsIntoSubpatches(item.ReferenceText)!;
        Assert.Contains("#X restore 30 25 pd in1;", rewritten);
        var checker = new FunctionalChecker(new ExecutorRunner(pd.Sandboxed, 2));
        var report = await checker.CheckAsync(item, rewritten.Replace("mod 7;", "mod 8;"));
        Assert.All(report.Outcomes, o => Assert.False(o.Passed));
    }
}
