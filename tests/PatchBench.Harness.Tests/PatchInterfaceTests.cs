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
}
