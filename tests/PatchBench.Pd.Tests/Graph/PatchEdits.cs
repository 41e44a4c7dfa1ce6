using PatchBench.Pd.Model;
using PatchBench.Pd.Syntax;

namespace PatchBench.Pd.Tests.Graph;

/// <summary>
/// Edits of a patch's root canvas for the property tests: ones that keep the object graph
/// (shuffle, move, respell, split into a subpatch) and ones that change it (delete, rewire, reclass).
/// Every edit goes through <see cref="PdWriter"/> and <see cref="PdParser"/> so the text form is exercised too.
/// </summary>
public static class PatchEdits
{
    public static PdPatch Reparse(PdCanvas root) => PdParser.Parse(PdWriter.Write(root));

    /// <summary>Puts the boxes in the order <paramref name="order"/> (new position → old index) and renumbers the wires.</summary>
    public static PdPatch Shuffle(PdPatch patch, IReadOnlyList<int> order, IReadOnlyList<int> connectionOrder)
    {
        var root = patch.Root;
        var newIndex = new int[order.Count];
        for (int k = 0; k < order.Count; k++) newIndex[order[k]] = k;
        var boxes = order.Select((old, k) => root.Boxes[old] with { Index = k }).ToArray();
        var conns = connectionOrder.Select(c => root.Connections[c])
            .Select(c => c with { Source = newIndex[c.Source], Sink = newIndex[c.Sink] }).ToArray();
        return Reparse(root with { Boxes = boxes, Connections = conns });
    }

    /// <summary>Moves every root box by its own offset.</summary>
    public static PdPatch Move(PdPatch patch, IReadOnlyList<(int Dx, int Dy)> offsets) =>
        Reparse(patch.Root with
        {
            Boxes = patch.Root.Boxes.Select((b, i) => b with { X = b.X + offsets[i % offsets.Count].Dx, Y = b.Y + offsets[i % offsets.Count].Dy, Width = null })
                .ToArray(),
        });

    /// <summary>Writes each class the other way (<c>t</c> ↔ <c>trigger</c>, …), trigger types long or short, and whole numbers as <c>N.0</c>.</summary>
    public static PdPatch Respell(PdPatch patch)
    {
        var reverse = AliasCatalog.AliasTable.Where(kv => kv.Key != kv.Value)
            .GroupBy(kv => kv.Value).ToDictionary(g => g.Key, g => g.First().Key, StringComparer.Ordinal);
        PdAtom Number(PdAtom a) => a.IsFloat && a.Number == Math.Floor(a.Number) && Math.Abs(a.Number) < 1e6 && !a.Text.Contains('e')
            ? new PdAtom(PdAtomKind.Float, a.Text + ".0", a.Value + ".0", a.Number, 0, 0) : a;
        PdBox Respell(PdBox b)
        {
            if (b.Kind != PdBoxKind.Object || b.Content.Count == 0) return b;
            string cls = b.Content[0].Value;
            string? other = AliasCatalog.AliasTable.TryGetValue(cls, out var canon) && canon != cls ? canon : reverse.GetValueOrDefault(cls);
            var content = b.Content.ToArray();
            if (other is not null && content[0].Kind == PdAtomKind.Symbol) content[0] = PdAtom.FromWord(other);
            bool isTrigger = (other ?? cls) is "trigger" or "t";
            for (int i = 1; i < content.Length; i++)
            {
                content[i] = Number(content[i]);
                if (isTrigger && content[i].Kind == PdAtomKind.Symbol)
                    content[i] = PdAtom.FromWord(content[i].Value switch
                    {
                        "b" => "bang", "bang" => "b", "f" => "float", "float" => "f", "s" => "symbol", "symbol" => "s",
                        "l" => "list", "list" => "l", "a" => "anything", "anything" => "a", var w => w,
                    });
            }
            return b with { Content = content };
        }
        return Reparse(patch.Root with { Boxes = patch.Root.Boxes.Select(Respell).ToArray() });
    }

    /// <summary>
    /// Moves the boxes in <paramref name="moved"/> into a new subpatch, one inlet or outlet per wire
    /// that crosses its border, with inlets and outlets laid out left to right in wire order.
    /// </summary>
    public static PdPatch Subpatch(PdPatch patch, IReadOnlySet<int> moved)
    {
        var root = patch.Root;
        var outside = Enumerable.Range(0, root.Boxes.Count).Where(i => !moved.Contains(i)).ToArray();
        var inside = Enumerable.Range(0, root.Boxes.Count).Where(moved.Contains).ToArray();
        var outIndex = new Dictionary<int, int>();
        for (int k = 0; k < outside.Length; k++) outIndex[outside[k]] = k;
        var inIndex = new Dictionary<int, int>();
        for (int k = 0; k < inside.Length; k++) inIndex[inside[k]] = k;

        var innerBoxes = inside.Select((old, k) => root.Boxes[old] with { Index = k }).ToList();
        var innerConns = new List<PdConnection>();
        var outerConns = new List<PdConnection>();
        int pd = outside.Length, inlets = 0, outlets = 0;
        PdBox Port(string cls, int k, double y) => new()
        {
            Index = innerBoxes.Count, Kind = PdBoxKind.Object, X = 10 + 70 * k, Y = y, Content = [PdAtom.FromWord(cls)],
        };
        foreach (var c in root.Connections)
        {
            bool s = moved.Contains(c.Source), t = moved.Contains(c.Sink);
            if (s && t) innerConns.Add(c with { Source = inIndex[c.Source], Sink = inIndex[c.Sink] });
            else if (!s && !t) outerConns.Add(c with { Source = outIndex[c.Source], Sink = outIndex[c.Sink] });
            else if (t)
            {
                int box = innerBoxes.Count;
                innerBoxes.Add(Port("inlet", inlets, 0));
                innerConns.Add(new PdConnection(box, 0, inIndex[c.Sink], c.Inlet));
                outerConns.Add(new PdConnection(outIndex[c.Source], c.Outlet, pd, inlets++));
            }
            else
            {
                int box = innerBoxes.Count;
                innerBoxes.Add(Port("outlet", outlets, 500));
                innerConns.Add(new PdConnection(inIndex[c.Source], c.Outlet, box, 0));
                outerConns.Add(new PdConnection(pd, outlets++, outIndex[c.Sink], c.Inlet));
            }
        }
        var sub = new PdCanvas
        {
            Header = [PdAtom.FromNumber(0), PdAtom.FromNumber(0), PdAtom.FromNumber(450), PdAtom.FromNumber(300), PdAtom.FromWord("moved"),
                PdAtom.FromNumber(0)],
            Boxes = innerBoxes, Connections = innerConns,
        };
        var pdBox = new PdBox
        {
            Index = pd, Kind = PdBoxKind.Subpatch, X = 5, Y = 5, Content = [PdAtom.FromWord("pd"), PdAtom.FromWord("moved")], Subcanvas = sub,
        };
        var boxes = outside.Select((old, k) => root.Boxes[old] with { Index = k }).Append(pdBox).ToArray();
        return Reparse(root with { Boxes = boxes, Connections = outerConns });
    }

    /// <summary>Removes box <paramref name="index"/> and its wires.</summary>
    public static PdPatch Delete(PdPatch patch, int index)
    {
        var root = patch.Root;
        int Renumber(int i) => i > index ? i - 1 : i;
        return Reparse(root with
        {
            Boxes = root.Boxes.Where(b => b.Index != index).Select(b => b with { Index = Renumber(b.Index) }).ToArray(),
            Connections = root.Connections.Where(c => c.Source != index && c.Sink != index)
                .Select(c => c with { Source = Renumber(c.Source), Sink = Renumber(c.Sink) }).ToArray(),
        });
    }

    /// <summary>Points wire <paramref name="connection"/> at another inlet of another box.</summary>
    public static PdPatch Rewire(PdPatch patch, int connection, int sink, int inlet) =>
        Reparse(patch.Root with
        {
            Connections = patch.Root.Connections.Select((c, i) => i == connection ? c with { Sink = sink, Inlet = inlet } : c).ToArray(),
        });

    /// <summary>Gives object box <paramref name="index"/> another class, keeping its arguments.</summary>
    public static PdPatch Reclass(PdPatch patch, int index, string cls) =>
        Reparse(patch.Root with
        {
            Boxes = patch.Root.Boxes.Select(b => b.Index == index ? b with { Content = [PdAtom.FromWord(cls), .. b.Content.Skip(1)] } : b).ToArray(),
        });
}
