using PatchBench.Pd.Model;

namespace PatchBench.Pd.Catalog;

/// <summary>
/// The ports of any box, as Pd 0.53 gives them for <c>#X connect</c>: object boxes from the
/// catalog, the other kinds from what they are (checked in Pd: a message box has one inlet and one
/// outlet; a number/symbol/list box loses its inlet when it has a receive name and its outlet when
/// it has a send name; a subpatch's ports are its <c>[inlet]</c>/<c>[outlet]</c> objects ordered by x).
/// </summary>
public static class BoxPorts
{
    private static readonly ObjectPorts OneControlEach = new([PortKind.Control], [PortKind.Control]);

    /// <summary>
    /// The ports of <paramref name="box"/>, or null when they are unknown (an object the catalog does
    /// not know or Pd fails to create, or a <c>[clone]</c> whose abstraction is not at hand).
    /// </summary>
    public static ObjectPorts? Of(PdBox box, IObjectCatalog catalog) => box.Kind switch
    {
        PdBoxKind.Object => box.Content.Count == 0 ? ObjectPorts.None : catalog.Ports(box.ClassName, box.Arguments),
        PdBoxKind.Message => OneControlEach,
        PdBoxKind.FloatAtom or PdBoxKind.SymbolAtom or PdBoxKind.ListBox => AtomPorts(box),
        PdBoxKind.Subpatch or PdBoxKind.Graph => box.Subcanvas is { } c ? OfCanvas(c) : ObjectPorts.None,
        _ => ObjectPorts.None,
    };

    /// <summary>
    /// The ports a canvas shows its parent (a subpatch, or an abstraction loaded as an object): its
    /// <c>[inlet]</c>/<c>[inlet~]</c> and <c>[outlet]</c>/<c>[outlet~]</c> objects ordered by x position.
    /// </summary>
    public static ObjectPorts OfCanvas(PdCanvas canvas)
    {
        static PortKind[] Row(PdCanvas c, string control, string signal) => c.Boxes
            .Where(b => b.Kind == PdBoxKind.Object && (b.ClassName == control || b.ClassName == signal))
            .OrderBy(b => b.X).ThenBy(b => b.Index)
            .Select(b => b.ClassName == signal ? PortKind.Signal : PortKind.Control)
            .ToArray();
        return new ObjectPorts(Row(canvas, "inlet", "inlet~"), Row(canvas, "outlet", "outlet~"));
    }

    /// <summary>Atom boxes: fields are width, min, max, label position, label, receive, send; "-" means none.</summary>
    private static ObjectPorts AtomPorts(PdBox box)
    {
        static bool Named(PdBox b, int i) => i < b.Content.Count && b.Content[i].Value is not ("-" or "");
        return new ObjectPorts(Named(box, 5) ? [] : [PortKind.Control], Named(box, 6) ? [] : [PortKind.Control]);
    }
}
