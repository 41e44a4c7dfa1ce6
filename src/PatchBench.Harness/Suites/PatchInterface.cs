using PatchBench.Pd.Model;

namespace PatchBench.Harness.Suites;

/// <summary>A box a check can drive.</summary>
/// <param name="BoxIndex">Index of the box in its canvas (Pd's connect numbering, which is per canvas).</param>
/// <param name="Kind">What kind of input it is.</param>
/// <param name="Path">Null for a box of the root canvas; for a box inside subpatches, the indices of the
/// <c>[pd …]</c> boxes leading to its canvas, outermost first (see <see cref="PatchInterface.CanvasAt"/>).</param>
public sealed record PatchInput(int BoxIndex, InputKind Kind, IReadOnlyList<int>? Path = null);

/// <summary>What kind of output a box is.</summary>
public enum OutputKind
{
    /// <summary>A <c>print</c> object.</summary>
    Print,
    /// <summary>An <c>outlet</c> of the top-level patch.</summary>
    Outlet,
    /// <summary>A number/symbol/list box or number GUI that the patch feeds.</summary>
    Display,
    /// <summary>A <c>dac~</c>.</summary>
    Dac,
}

/// <summary>A box a check observes.</summary>
/// <param name="BoxIndex">Index of the box in its canvas.</param>
/// <param name="Kind">What kind of output it is.</param>
/// <param name="Path">Null for a box of the root canvas; else the indices of the <c>[pd …]</c> boxes leading to its canvas, outermost first.</param>
public sealed record PatchOutput(int BoxIndex, OutputKind Kind, IReadOnlyList<int>? Path = null);

/// <summary>
/// The inputs and outputs of a patch as docs/suites.md defines them, in reading order (top to
/// bottom; boxes whose tops are within <see cref="RowBand"/> pixels of a row's first box are read
/// left to right). The root canvas comes first: that is what a person sees and touches. Then the
/// contents of each subpatch (<c>[pd name]</c>, not graphs or abstractions), subpatches taken in the
/// reading order of their boxes, each read the same way (its own boxes, then its subpatches), at any
/// depth. Inside a subpatch, <c>inlet</c>/<c>outlet</c> are wiring, not inputs/outputs, and a box fed
/// from the subpatch's <c>inlet</c> is fed; <c>dac~</c> counts wherever it is.
/// </summary>
/// <param name="Inputs">Inputs in reading order.</param>
/// <param name="Outputs">Outputs in reading order.</param>
public sealed record PatchInterface(IReadOnlyList<PatchInput> Inputs, IReadOnlyList<PatchOutput> Outputs)
{
    /// <summary>Vertical distance within which boxes count as one row.</summary>
    public const double RowBand = 20;

    static readonly HashSet<string> NumberGuis = ["nbx", "hsl", "vsl", "hslider", "vslider", "hradio", "vradio", "hdl", "vdl", "knob"];

    /// <summary>Finds the inputs and outputs of a patch: its root canvas, then its subpatches (see the type's remarks).</summary>
    public static PatchInterface Find(PdCanvas root)
    {
        var inputs = new List<PatchInput>();
        var outputs = new List<PatchOutput>();
        Collect(root, null, inputs, outputs);
        return new PatchInterface(inputs, outputs);
    }

    /// <summary>The canvas a <see cref="PatchInput.Path"/>/<see cref="PatchOutput.Path"/> leads to from <paramref name="root"/>.</summary>
    public static PdCanvas CanvasAt(PdCanvas root, IReadOnlyList<int>? path)
    {
        var canvas = root;
        foreach (var i in path ?? []) canvas = canvas.Boxes[i].Subcanvas ?? throw new ArgumentException($"box {i} is not a subpatch", nameof(path));
        return canvas;
    }

    private static void Collect(PdCanvas canvas, IReadOnlyList<int>? path, List<PatchInput> inputs, List<PatchOutput> outputs)
    {
        bool top = path is null;
        var fed = canvas.Connections.Select(c => c.Sink).ToHashSet();
        var order = ReadingOrder(canvas.Boxes);
        foreach (var box in order)
        {
            var cls = box.ClassName;
            InputKind? input = box.Kind switch
            {
                PdBoxKind.FloatAtom => InputKind.Number,
                PdBoxKind.SymbolAtom => InputKind.Symbol,
                PdBoxKind.ListBox => InputKind.List,
                PdBoxKind.Message => InputKind.Message,
                PdBoxKind.Object when NumberGuis.Contains(cls) => InputKind.Number,
                PdBoxKind.Object when cls is "tgl" or "toggle" => InputKind.Toggle,
                PdBoxKind.Object when cls is "bng" => InputKind.Bang,
                PdBoxKind.Object when top && cls is "inlet" => InputKind.Inlet,
                _ => null,
            };
            bool isFed = fed.Contains(box.Index);
            if (input is InputKind k && (k == InputKind.Inlet || !isFed)) inputs.Add(new PatchInput(box.Index, k, path));
            OutputKind? output = box.Kind switch
            {
                PdBoxKind.Object when cls is "print" => OutputKind.Print,
                PdBoxKind.Object when top && cls is "outlet" => OutputKind.Outlet,
                PdBoxKind.Object when cls is "dac~" => OutputKind.Dac,
                PdBoxKind.FloatAtom or PdBoxKind.SymbolAtom or PdBoxKind.ListBox when isFed => OutputKind.Display,
                PdBoxKind.Object when isFed && (NumberGuis.Contains(cls) || cls is "tgl" or "toggle") => OutputKind.Display,
                _ => null,
            };
            if (output is OutputKind o) outputs.Add(new PatchOutput(box.Index, o, path));
        }
        foreach (var box in order)
            if (box.Kind == PdBoxKind.Subpatch && box.Subcanvas is { } sub)
                Collect(sub, [.. path ?? [], box.Index], inputs, outputs);
    }

    /// <summary>Boxes in reading order: rows top to bottom, each row left to right.</summary>
    public static IReadOnlyList<PdBox> ReadingOrder(IEnumerable<PdBox> boxes)
    {
        var result = new List<PdBox>();
        var row = new List<PdBox>();
        foreach (var b in boxes.OrderBy(b => b.Y).ThenBy(b => b.X))
        {
            if (row.Count > 0 && b.Y - row[0].Y > RowBand)
            {
                result.AddRange(row.OrderBy(x => x.X));
                row.Clear();
            }
            row.Add(b);
        }
        result.AddRange(row.OrderBy(x => x.X));
        return result;
    }

    /// <summary>The input a step addresses, or null when the patch has no such input.</summary>
    public PatchInput? Resolve(InputRef input)
    {
        if (input.Pooled)
        {
            var pool = Inputs.Where(i => input.Kinds.Contains(i.Kind)).ToList();
            return pool.Count >= input.Index ? pool[input.Index - 1] : null;
        }
        foreach (var kind in input.Kinds)
        {
            var ofKind = Inputs.Where(i => i.Kind == kind).ToList();
            if (ofKind.Count >= input.Index) return ofKind[input.Index - 1];
        }
        return null;
    }
}
