using PatchBench.Harness.Suites;
using PatchBench.Pd;

namespace PatchBench.Harness.Tests;

public sealed class PatchInterfaceTests
{
    // Row 1: number box (x 200), message box (x 30, y 10 px lower: same row); row 2: toggle, bang;
    // a number box fed by [+ 1] is an output, not an input; an inlet always counts.
    const string Patch = """
        #N canvas 0 50 450 300 12;
        #X floatatom 200 20 5 0 0 0 - - - 0;
        #X msg 30 30 5;
        #X obj 30 80 tgl 19 0 empty empty empty 0 -10 0 12 #fcfcfc #000000 #000000 0 1;
        #X obj 100 80 bng 19 250 50 0 empty empty empty 0 -10 0 12 #fcfcfc #000000 #000000;
        #X obj 30 130 + 1;
        #X floatatom 30 180 5 0 0 0 - - - 0;
        #X obj 100 180 print out;
        #X obj 300 20 inlet;
        #X connect 1 0 4 0;
        #X connect 4 0 5 0;
        #X connect 4 0 6 0;
        """;

    static PatchInterface Io => PatchInterface.Find(PdParser.Parse(Patch).Root);

    [Fact]
    public void Inputs_come_in_reading_order_with_their_kinds()
    {
        Assert.Equal(
            [new PatchInput(1, InputKind.Message), new PatchInput(0, InputKind.Number), new PatchInput(7, InputKind.Inlet),
             new PatchInput(2, InputKind.Toggle), new PatchInput(3, InputKind.Bang)],
            Io.Inputs);
    }

    [Fact]
    public void Fed_display_boxes_and_prints_are_outputs()
    {
        Assert.Equal([new PatchOutput(5, OutputKind.Display), new PatchOutput(6, OutputKind.Print)], Io.Outputs);
    }

    [Fact]
    public void Steps_resolve_with_their_fallback_kinds()
    {
        InputKind[] set = [InputKind.Number, InputKind.Inlet];
        InputKind[] bang = [InputKind.Bang, InputKind.Message, InputKind.Inlet];
        InputKind[] send = [InputKind.Number, InputKind.Symbol, InputKind.List, InputKind.Toggle, InputKind.Bang, InputKind.Inlet];
        Assert.Equal(0, Io.Resolve(new InputRef(1, set))!.BoxIndex);
        Assert.Null(Io.Resolve(new InputRef(2, set)));                       // one number box, one inlet
        Assert.Equal(3, Io.Resolve(new InputRef(1, bang))!.BoxIndex);         // the bng before the message box
        Assert.Equal(1, Io.Resolve(new InputRef(1, [InputKind.Message]))!.BoxIndex);
        Assert.Equal(7, Io.Resolve(new InputRef(2, send, Pooled: true))!.BoxIndex); // number, inlet, toggle, bang
        Assert.Equal(2, Io.Resolve(new InputRef(3, send, Pooled: true))!.BoxIndex);
    }

    // Root: a number box and a print. [pd b] (box 2, lower) and [pd a] (box 3, higher) hold an inlet, a fed
    // display, an unfed toggle, a print and, in [pd a], a nested [pd deep] with a print and a bang. Subpatches
    // are read after the root, in their boxes' reading order, each before its own subpatches.
    const string Nested = """
        #N canvas 0 50 450 300 12;
        #X floatatom 30 20 5 0 0 0 - - - 0;
        #X obj 30 200 print root;
        #N canvas 0 50 300 200 b 0;
        #X obj 10 10 inlet;
        #X obj 10 60 print inb;
        #X restore 30 150 pd b;
        #N canvas 0 50 300 200 a 0;
        #X obj 10 10 inlet;
        #X obj 100 10 tgl 19 0 empty empty empty 0 -10 0 12 #fcfcfc #000000 #000000 0 1;
        #N canvas 0 50 300 200 deep 0;
        #X obj 10 10 bng 19 250 50 0 empty empty empty 0 -10 0 12 #fcfcfc #000000 #000000;
        #X obj 10 60 print deep;
        #X connect 0 0 1 0;
        #X restore 10 200 pd deep;
        #X floatatom 10 60 5 0 0 0 - - - 0;
        #X obj 10 120 outlet;
        #X connect 0 0 3 0;
        #X connect 3 0 4 0;
        #X restore 30 100 pd a;
        #X connect 0 0 3 0;
        #X connect 0 0 2 0;
        #X connect 3 0 1 0;
        """;

    [Fact]
    public void Subpatch_inputs_and_outputs_follow_the_root_in_reading_order_at_any_depth()
    {
        var io = PatchInterface.Find(PdParser.Parse(Nested).Root);
        // Root first: the number box (fed by nothing) is the root's only input; the print its only output.
        Assert.Equal(new PatchInput(0, InputKind.Number), io.Inputs[0]);
        Assert.Equal(new PatchOutput(1, OutputKind.Print), io.Outputs[0]);
        // Then [pd a] (box 3, y 100) before [pd b] (box 2, y 150); [pd deep] after [pd a]'s own boxes.
        Assert.Equal([(0, InputKind.Number, "-"), (1, InputKind.Toggle, "3"), (0, InputKind.Bang, "3/2")],
            io.Inputs.Select(i => (i.BoxIndex, i.Kind, i.Path is null ? "-" : string.Join('/', i.Path))));
        Assert.Equal([(1, OutputKind.Print, "-"), (3, OutputKind.Display, "3"), (1, OutputKind.Print, "3/2"), (1, OutputKind.Print, "2")],
            io.Outputs.Select(o => (o.BoxIndex, o.Kind, o.Path is null ? "-" : string.Join('/', o.Path))));
        // Inlets and outlets inside subpatches are wiring, not inputs or outputs.
        Assert.DoesNotContain(io.Inputs, i => i.Kind == InputKind.Inlet);
        Assert.DoesNotContain(io.Outputs, o => o.Kind == OutputKind.Outlet);
        var root = PdParser.Parse(Nested).Root;
        Assert.Equal("deep", PatchInterface.CanvasAt(root, [3, 2]).Name);
        Assert.Same(root, PatchInterface.CanvasAt(root, null));
    }
}
