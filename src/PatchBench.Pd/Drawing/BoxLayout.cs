using PatchBench.Pd.Catalog;
using PatchBench.Pd.Graph;
using PatchBench.Pd.Model;
using PatchBench.Pd.Syntax;

namespace PatchBench.Pd.Drawing;

/// <summary>Where a box is drawn and where its inlets and outlets sit, computed as Pd computes them.</summary>
/// <param name="Box">The box.</param>
/// <param name="Path">Its path (see <see cref="GraphNode.Path"/>).</param>
/// <param name="X1">Left edge.</param>
/// <param name="Y1">Top edge.</param>
/// <param name="X2">Right edge.</param>
/// <param name="Y2">Bottom edge.</param>
/// <param name="Inlets">Kind of each inlet, left to right.</param>
/// <param name="Outlets">Kind of each outlet, left to right.</param>
/// <param name="Lines">The box text wrapped as Pd wraps it.</param>
public sealed record BoxShape(PdBox Box, string Path, double X1, double Y1, double X2, double Y2,
    IReadOnlyList<PortKind> Inlets, IReadOnlyList<PortKind> Outlets, IReadOnlyList<string> Lines)
{
    /// <summary>Width of an inlet or outlet nub (Pd's IOWIDTH).</summary>
    public const double NubWidth = 7;

    /// <summary>Height of a nub (Pd's IHEIGHT/OHEIGHT).</summary>
    public const double NubHeight = 3;

    /// <summary>Left edge of nub <paramref name="i"/> of <paramref name="n"/>: spread from the left edge to the right edge, as Pd spreads them.</summary>
    public double NubX(int i, int n) => n <= 1 ? X1 : X1 + (X2 - X1 - NubWidth) * i / (n - 1);
}

/// <summary>Computes <see cref="BoxShape"/>s for a canvas.</summary>
public static class BoxLayout
{
    /// <summary>Pd wraps box text at 60 characters unless the box has its own width.</summary>
    public const int DefaultWrap = 60;

    // Argument positions of each IEM GUI's label, its x/y offsets and font size; and of its send and receive names.
    internal static (int Label, int Dx, int Dy, int FontSize, int Send, int Receive)? IemFields(string cls) => cls switch
    {
        "bng" => (6, 7, 8, 10, 4, 5),
        "tgl" or "toggle" => (4, 5, 6, 8, 2, 3),
        "nbx" or "my_numbox" or "hsl" or "vsl" or "hslider" or "vslider" => (8, 9, 10, 12, 6, 7),
        "hradio" or "vradio" or "hdl" or "vdl" => (6, 7, 8, 10, 4, 5),
        "vu" => (3, 4, 5, 7, -1, 2),
        "cnv" or "my_canvas" => (5, 6, 7, 9, 3, 4),
        _ => null,
    };

    /// <summary>The shape of every box of <paramref name="canvas"/>, whose box paths start with <paramref name="prefix"/>.</summary>
    public static IReadOnlyList<BoxShape> Layout(PdCanvas canvas, string prefix, PdFont font, IObjectCatalog catalog)
    {
        int n = canvas.Boxes.Count;
        var usedIn = new int[n];
        var usedOut = new int[n];
        foreach (var c in canvas.Connections)
        {
            if (c.Source < n) usedOut[c.Source] = Math.Max(usedOut[c.Source], c.Outlet + 1);
            if (c.Sink < n) usedIn[c.Sink] = Math.Max(usedIn[c.Sink], c.Inlet + 1);
        }
        return canvas.Boxes.Select(b => Shape(b, prefix + b.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), font, catalog, usedIn[b.Index],
            usedOut[b.Index])).ToArray();
    }

    private static BoxShape Shape(PdBox box, string path, PdFont font, IObjectCatalog catalog, int usedIn, int usedOut)
    {
        double x = box.X, y = box.Y;
        var (inlets, outlets) = Ports(box, catalog, usedIn, usedOut);
        var args = box.Arguments;
        double Arg(int i, double fallback) => i < args.Count && args[i].IsFloat ? args[i].Number : fallback;

        switch (box.Kind)
        {
            case PdBoxKind.Comment:
            {
                var lines = Wrap(box.Content, box.Width ?? DefaultWrap, breakAfterSemicolon: false);
                return new BoxShape(box, path, x, y, x + TextWidth(lines, box.Width, font), y + lines.Count * font.Height + 5, [], [], lines);
            }
            case PdBoxKind.FloatAtom or PdBoxKind.SymbolAtom or PdBoxKind.ListBox:
            {
                int chars = (int)Arg(0, 0);
                string shown = box.Kind switch { PdBoxKind.FloatAtom => "0", PdBoxKind.SymbolAtom => "symbol", _ => "" };
                if (chars <= 0) chars = Math.Max(3, shown.Length);
                return new BoxShape(box, path, x, y, x + chars * font.Width + 4, y + font.Height + 5, inlets, outlets, [shown]);
            }
            case PdBoxKind.Graph when box.Subcanvas is { } g:
            {
                var (w, h) = GopSize(g) ?? (200, 140);
                return new BoxShape(box, path, x, y, x + w, y + h, inlets, outlets, []);
            }
            case PdBoxKind.Subpatch when box.Subcanvas is { } sub && GopSize(sub) is var (gw, gh):
            {
                var lines = Wrap(box.Content, box.Width ?? DefaultWrap, false);
                return new BoxShape(box, path, x, y, x + gw, y + gh, inlets, outlets, lines);
            }
            case PdBoxKind.Object:
            {
                string cls = box.ClassName;
                switch (cls)
                {
                    case "bng" or "tgl" or "toggle":
                    {
                        double s = Arg(0, 15);
                        return new BoxShape(box, path, x, y, x + s, y + s, inlets, outlets, []);
                    }
                    case "hsl" or "hslider" or "vsl" or "vslider":
                    {
                        bool horizontal = cls is "hsl" or "hslider";
                        double w = Arg(0, horizontal ? 128 : 15), h = Arg(1, horizontal ? 15 : 128);
                        return new BoxShape(box, path, x, y, x + w, y + h, inlets, outlets, []);
                    }
                    case "hradio" or "vradio" or "hdl" or "vdl":
                    {
                        double s = Arg(0, 15), count = Math.Max(1, Arg(3, 8));
                        bool horizontal = cls is "hradio" or "hdl";
                        return new BoxShape(box, path, x, y, x + (horizontal ? s * count : s), y + (horizontal ? s : s * count), inlets, outlets, []);
                    }
                    case "nbx" or "my_numbox":
                    {
                        double digits = Math.Max(1, Arg(0, 5)), h = Arg(1, 14);
                        return new BoxShape(box, path, x, y, x + digits * font.Width + h / 2 + 4, y + h, inlets, outlets, ["0"]);
                    }
                    case "vu":
                        return new BoxShape(box, path, x, y, x + Arg(0, 15), y + Arg(1, 120), inlets, outlets, []);
                    case "cnv" or "my_canvas":
                        return new BoxShape(box, path, x, y, x + Arg(1, 100), y + Arg(2, 60), inlets, outlets, []);
                }
                goto default;
            }
            default:
            {
                var lines = Wrap(box.Content, box.Width ?? DefaultWrap, breakAfterSemicolon: box.Kind == PdBoxKind.Message);
                double width = TextWidth(lines, box.Width, font);
                if (box.Kind == PdBoxKind.Object && box.Content.Count == 0) width = 3 * font.Width + 4;
                return new BoxShape(box, path, x, y, x + width, y + lines.Count * font.Height + 5, inlets, outlets, lines);
            }
        }
    }

    private static double TextWidth(IReadOnlyList<string> lines, int? width, PdFont font) =>
        (width is int w and > 0 ? w : Math.Max(1, lines.Max(l => l.Length))) * font.Width + 4;

    /// <summary>The graph-on-parent size of a canvas (its <c>#X coords</c> pixel width and height) when it is shown on its parent.</summary>
    public static (double W, double H)? GopSize(PdCanvas canvas)
    {
        var c = canvas.Coords;
        if (c is null || c.Count < 7 || !c[6].IsFloat || ((int)c[6].Number & 1) == 0) return null;
        if (!c[4].IsFloat || !c[5].IsFloat || c[4].Number <= 0 || c[5].Number <= 0) return null;
        return (c[4].Number, c[5].Number);
    }

    /// <summary>Splits box text into lines of at most <paramref name="limit"/> characters, breaking at spaces (and after <c>;</c> in messages).</summary>
    public static IReadOnlyList<string> Wrap(IReadOnlyList<PdAtom> atoms, int limit, bool breakAfterSemicolon)
    {
        if (limit <= 0) limit = DefaultWrap;
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (var a in atoms)
        {
            string word = a.Kind switch { PdAtomKind.Semicolon => ";", PdAtomKind.Comma => ",", _ => a.Value };
            bool separator = word is ";" or ",";
            if (line.Length > 0 && !separator && line.Length + 1 + word.Length > limit) { lines.Add(line.ToString()); line.Clear(); }
            while (word.Length > limit) { if (line.Length > 0) { lines.Add(line.ToString()); line.Clear(); } lines.Add(word[..limit]); word = word[limit..]; }
            if (line.Length > 0 && !separator) line.Append(' ');
            line.Append(word);
            if (breakAfterSemicolon && word == ";") { lines.Add(line.ToString()); line.Clear(); }
        }
        if (line.Length > 0 || lines.Count == 0) lines.Add(line.ToString());
        return lines;
    }

    /// <summary>The inlets and outlets drawn on a box: the catalog's when it knows the class, widened to every port a wire uses.</summary>
    public static (PortKind[] Inlets, PortKind[] Outlets) Ports(PdBox box, IObjectCatalog catalog, int usedIn, int usedOut)
    {
        PortKind[] inlets, outlets;
        switch (box.Kind)
        {
            case PdBoxKind.Comment or PdBoxKind.Graph or PdBoxKind.Array or PdBoxKind.Scalar:
                return ([], []);
            case PdBoxKind.Message:
                (inlets, outlets) = ([PortKind.Control], [PortKind.Control]);
                break;
            case PdBoxKind.FloatAtom or PdBoxKind.SymbolAtom or PdBoxKind.ListBox:
            {
                // Pd hides an atom's inlet when it has a receive name and its outlet when it has a send name.
                bool receives = box.Content.Count > 5 && box.Content[5].Value is not ("-" or "" or "empty");
                bool sends = box.Content.Count > 6 && box.Content[6].Value is not ("-" or "" or "empty");
                (inlets, outlets) = (receives ? [] : [PortKind.Control], sends ? [] : [PortKind.Control]);
                break;
            }
            case PdBoxKind.Subpatch when box.Subcanvas is { } sub:
            {
                PortKind[] Of(string control, string signal) => sub.Boxes
                    .Where(b => b.Kind == PdBoxKind.Object && (b.ClassName == control || b.ClassName == signal))
                    .OrderBy(b => b.X).Select(b => b.ClassName == signal ? PortKind.Signal : PortKind.Control).ToArray();
                (inlets, outlets) = (Of("inlet", "inlet~"), Of("outlet", "outlet~"));
                break;
            }
            default:
            {
                string cls = box.ClassName;
                if (IemFields(cls) is { } f)
                {
                    var args = box.Arguments;
                    bool Named(int i) => i >= 0 && i < args.Count && args[i].Value is not ("empty" or "-" or "");
                    int ins = cls is "cnv" or "my_canvas" ? 0 : Named(f.Receive) ? 0 : cls == "vu" ? 2 : 1;
                    int outs = cls is "cnv" or "my_canvas" ? 0 : Named(f.Send) ? 0 : cls == "vu" ? 2 : 1;
                    (inlets, outlets) = (Enumerable.Repeat(PortKind.Control, ins).ToArray(), Enumerable.Repeat(PortKind.Control, outs).ToArray());
                    if (cls == "vu" && ins == 2) inlets = [PortKind.Signal, PortKind.Signal];
                }
                else if (cls.Length > 0 && catalog.Ports(cls, box.Arguments) is { } known)
                    (inlets, outlets) = (known.Inlets.ToArray(), known.Outlets.ToArray());
                else
                {
                    var guess = GuessKind(cls);
                    (inlets, outlets) = (Enumerable.Repeat(guess, usedIn).ToArray(), Enumerable.Repeat(guess, usedOut).ToArray());
                }
                break;
            }
        }
        return (Widen(inlets, usedIn), Widen(outlets, usedOut));
    }

    // Classes the catalog does not know: a trailing '~' usually means signal ports, except these analysis objects.
    private static PortKind GuessKind(string cls) =>
        cls.EndsWith('~') && cls is not ("snapshot~" or "env~" or "threshold~" or "bonk~" or "sigmund~" or "fiddle~" or "print~")
            ? PortKind.Signal : PortKind.Control;

    private static PortKind[] Widen(PortKind[] ports, int used) =>
        ports.Length >= used ? ports : [.. ports, .. Enumerable.Repeat(PortKind.Control, used - ports.Length)];
}
