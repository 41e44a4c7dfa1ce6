using System.Text;
using PatchBench.Pd.Model;
using PatchBench.Pd.Syntax;

namespace PatchBench.Pd;

/// <summary>
/// Writes a <see cref="PdPatch"/> (or a canvas tree built in code) back to Pd's file format, in the
/// order Pd itself saves: canvas header, declares, boxes (subpatches nested), connections, coords.
/// </summary>
public static class PdWriter
{
    /// <summary>Writes the whole patch.</summary>
    public static string Write(PdPatch patch) => Write(patch.Root);

    /// <summary>Writes a root canvas and everything in it.</summary>
    public static string Write(PdCanvas root)
    {
        var sb = new StringBuilder();
        foreach (var (before, record) in root.OtherRecords)
            if (before < 0) WriteRecord(sb, record.Atoms);
        WriteCanvas(sb, root);
        return sb.ToString();
    }

    private static void WriteCanvas(StringBuilder sb, PdCanvas canvas)
    {
        if (canvas.Header.Count > 0 || !canvas.IsRoot)
            Line(sb, "#N canvas", canvas.Header, null);
        foreach (var d in canvas.Declares) Line(sb, "#X declare", d, null);
        for (int i = 0; i <= canvas.Boxes.Count; i++)
        {
            foreach (var (before, record) in canvas.OtherRecords)
                if (before == i && !IsConnectLike(record)) WriteRecord(sb, record.Atoms);
            if (i == canvas.Boxes.Count) break;
            var box = canvas.Boxes[i];
            WriteBox(sb, box);
            foreach (var data in box.Data) WriteRecord(sb, data.Atoms);
        }
        foreach (var c in canvas.Connections)
            sb.Append("#X connect ").Append(c.Source).Append(' ').Append(c.Outlet).Append(' ')
              .Append(c.Sink).Append(' ').Append(c.Inlet).Append(";\n");
        foreach (var (_, record) in canvas.OtherRecords)
            if (IsConnectLike(record)) WriteRecord(sb, record.Atoms);
        if (canvas.Coords is { } coords) Line(sb, "#X coords", coords, null);
    }

    // Malformed connect records are kept in place after the real connections so nothing is lost.
    private static bool IsConnectLike(PdRecord r) => r.Tag == "#X" && r.Selector == "connect";

    private static void WriteBox(StringBuilder sb, PdBox box)
    {
        switch (box.Kind)
        {
            case PdBoxKind.Subpatch or PdBoxKind.Graph:
                WriteCanvas(sb, box.Subcanvas ?? new PdCanvas { Header = [] });
                Line(sb, "#X restore " + Coord(box.X) + " " + Coord(box.Y), box.Content, box.Width);
                break;
            case PdBoxKind.Array:
                Line(sb, "#X array", box.Content, box.Width);
                break;
            case PdBoxKind.Scalar:
                Line(sb, "#X scalar", box.Content, box.Width);
                break;
            default:
                string selector = box.Kind switch
                {
                    PdBoxKind.Object => "obj", PdBoxKind.Message => "msg", PdBoxKind.FloatAtom => "floatatom",
                    PdBoxKind.SymbolAtom => "symbolatom", PdBoxKind.ListBox => "listbox", _ => "text",
                };
                Line(sb, "#X " + selector + " " + Coord(box.X) + " " + Coord(box.Y), box.Content, box.Width);
                break;
        }
    }

    private static string Coord(double v) => PdNumber.Format(v);

    private static void Line(StringBuilder sb, string head, IReadOnlyList<PdAtom> atoms, int? width)
    {
        sb.Append(head);
        foreach (var a in atoms) sb.Append(' ').Append(a.Text);
        if (width is int w) sb.Append(", f ").Append(w);
        sb.Append(";\n");
    }

    private static void WriteRecord(StringBuilder sb, IReadOnlyList<PdAtom> atoms)
    {
        for (int i = 0; i < atoms.Count; i++)
        {
            if (i > 0 && atoms[i].Kind != PdAtomKind.Comma) sb.Append(' ');
            sb.Append(atoms[i].Text);
        }
        sb.Append(";\n");
    }
}
