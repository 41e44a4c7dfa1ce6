using PatchBench.Pd.Model;

namespace PatchBench.Harness.Suites;

/// <summary>A box a check can drive.</summary>
/// <param name="BoxIndex">Index of the box in the root canvas (Pd's connect numbering).</param>
/// <param name="Kind">What kind of input it is.</param>
public sealed record PatchInput(int BoxIndex, InputKind Kind);

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
/// <param name="BoxIndex">Index of the box in the root canvas.</param>
/// <param name="Kind">What kind of output it is.</param>
public sealed record PatchOutput(int BoxIndex, OutputKind Kind);

/// <summary>
/// The inputs and outputs of a patch as docs/suites.md defines them, in reading order (top to
/// bottom; boxes whose tops are within <see cref="RowBand"/> pixels of a row's first box are read
/// left to right). Only the root canvas counts: that is what a person sees and touches.
/// </summary>
/// <param name="Inputs">Inputs in reading order.</param>
/// <param name="Outputs">Outputs in reading order.</param>
public sealed record PatchInterface(IReadOnlyList<PatchInput> Inputs, IReadOnlyList<PatchOutput> Outputs)
{
    /// <summary>Vertical distance within which boxes count as one row.</summary>
    public const double RowBand = 20;

    static readonly HashSet<string> NumberGuis = ["nbx", "hsl", "vsl", "hslider", "vslider", "hradio", "vradio", "hdl", "vdl", "knob"];

    /// <summary>Finds the inputs and outputs of a patch's root canvas.</summary>
    public static PatchInterface Find(PdCanvas root)
    {
        var fed = root.Connections.Select(c => c.Sink).ToHashSet();
        var inputs = new List<PatchInput>();
        var outputs = new List<PatchOutput>();
        foreach (var box in ReadingOrder(root.Boxes))
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
                PdBoxKind.Object when cls is "inlet" => InputKind.Inlet,
                _ => null,
            };
            bool isFed = fed.Contains(box.Index);
            if (input is InputKind k && (k == InputKind.Inlet || !isFed)) inputs.Add(new PatchInput(box.Index, k));
            OutputKind? output = box.Kind switch
            {
                PdBoxKind.Object when cls is "print" => OutputKind.Print,
                PdBoxKind.Object when cls is "outlet" => OutputKind.Outlet,
                PdBoxKind.Object when cls is "dac~" => OutputKind.Dac,
                PdBoxKind.FloatAtom or PdBoxKind.SymbolAtom or PdBoxKind.ListBox when isFed => OutputKind.Display,
                PdBoxKind.Object when isFed && (NumberGuis.Contains(cls) || cls is "tgl" or "toggle") => OutputKind.Display,
                _ => null,
            };
            if (output is OutputKind o) outputs.Add(new PatchOutput(box.Index, o));
        }
        return new PatchInterface(inputs, outputs);
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
