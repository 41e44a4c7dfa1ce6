using System.Globalization;
using System.Text;
using PatchBench.Pd.Catalog;
using PatchBench.Pd.Graph;
using PatchBench.Pd.Model;
using PatchBench.Pd.Syntax;

namespace PatchBench.Pd.Drawing;

/// <summary>
/// Draws a patch as Pd draws it, as standalone SVG: boxes at their coordinates with their text,
/// object boxes with inlet and outlet nubs, message flags, notched number boxes, IEM GUI shapes,
/// comments as text, thin control and thick signal wires, subpatches as boxes (their insides as
/// separate drawings), graph-on-parent arrays as framed plots. Every box carries a
/// <c>data-box</c> attribute (its path) and every wire a <c>data-connection</c> attribute.
/// Optionally colours boxes by a <see cref="BoxStatus"/> per path and adds a legend.
/// Output depends only on the input, so drawings can be compared byte for byte.
/// </summary>
public static class PatchSvg
{
    /// <summary>Fill and stroke colours per status.</summary>
    public static IReadOnlyDictionary<BoxStatus, (string Fill, string Stroke)> Palette { get; } = new Dictionary<BoxStatus, (string, string)>
    {
        [BoxStatus.Matched] = ("#d9f2d0", "#2e7d32"),
        [BoxStatus.Changed] = ("#fff0bf", "#b26a00"),
        [BoxStatus.Missing] = ("#fddcdc", "#c62828"),
        [BoxStatus.Extra] = ("#dbe6ff", "#1d4ed8"),
    };

    /// <summary>Draws the root canvas.</summary>
    /// <param name="patch">The patch.</param>
    /// <param name="catalog">Says which ports exist and which carry signals.</param>
    /// <param name="status">Optional colouring: box path → status (paths as <see cref="GraphNode.Path"/>).</param>
    /// <param name="title">Optional caption drawn above the patch.</param>
    public static string Render(PdPatch patch, IObjectCatalog catalog, IReadOnlyDictionary<string, BoxStatus>? status = null, string? title = null) =>
        RenderCanvas(patch.Root, "", FontOf(patch.Root), catalog, status, title);

    /// <summary>
    /// Draws every canvas: the root under the key <c>""</c> and each subpatch or graph under its
    /// box path (<c>3</c>, <c>3/2</c>…), which is also the <c>data-subpatch</c> attribute of the box
    /// that opens it in its parent's drawing.
    /// </summary>
    public static IReadOnlyDictionary<string, string> RenderAll(PdPatch patch, IObjectCatalog catalog, IReadOnlyDictionary<string, BoxStatus>? status = null)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var font = FontOf(patch.Root);
        void Walk(PdCanvas canvas, string path)
        {
            result[path] = RenderCanvas(canvas, path.Length == 0 ? "" : path + "/", font, catalog, status, path.Length == 0 ? null : canvas.Name ?? path);
            foreach (var box in canvas.Boxes)
                if (box.Subcanvas is { } sub)
                    Walk(sub, (path.Length == 0 ? "" : path + "/") + box.Index.ToString(CultureInfo.InvariantCulture));
        }
        Walk(patch.Root, "");
        return result;
    }

    /// <summary>The font Pd uses for a patch: the size in the root canvas header (5th field), 10 if absent.</summary>
    public static PdFont FontOf(PdCanvas root) =>
        PdFont.Nearest(root.IsRoot && root.Header.Count >= 5 && root.Header[4].IsFloat ? root.Header[4].Number : 10);

    /// <summary>Draws one canvas whose box paths start with <paramref name="prefix"/>.</summary>
    public static string RenderCanvas(PdCanvas canvas, string prefix, PdFont font, IObjectCatalog catalog,
        IReadOnlyDictionary<string, BoxStatus>? status = null, string? title = null)
    {
        var shapes = BoxLayout.Layout(canvas, prefix, font, catalog);
        var body = new StringBuilder();
        var bounds = new Bounds();
        foreach (var s in shapes)
        {
            var (fill, stroke) = Colours(s, status);
            DrawBox(body, s, font, fill, stroke, bounds, catalog);
        }
        foreach (var c in canvas.Connections)
        {
            if (c.Source >= shapes.Count || c.Sink >= shapes.Count) continue;
            DrawWire(body, shapes[c.Source], c.Outlet, shapes[c.Sink], c.Inlet, bounds);
        }

        var head = new StringBuilder();
        if (title is not null)
        {
            double ty = (bounds.Empty ? 0 : bounds.MinY) - 12;
            head.Append($"<text class=\"title\" x=\"{N(bounds.Empty ? 0 : bounds.MinX)}\" y=\"{N(ty)}\">{Escape(title)}</text>\n");
            bounds.Add(bounds.Empty ? 0 : bounds.MinX, ty - font.Height, title.Length * 7, font.Height + 4);
        }
        if (status is not null)
        {
            var used = shapes.Select(s => StatusOf(s, status)).OfType<BoxStatus>().Distinct().Order().ToArray();
            double lx = bounds.Empty ? 0 : bounds.MinX, ly = (bounds.Empty ? 0 : bounds.MaxY) + 14;
            foreach (var st in used)
            {
                var (f, k) = Palette[st];
                string name = st.ToString().ToLowerInvariant();
                body.Append($"<g class=\"legend\"><rect x=\"{N(lx)}\" y=\"{N(ly)}\" width=\"12\" height=\"12\" fill=\"{f}\" stroke=\"{k}\"/>")
                    .Append($"<text x=\"{N(lx + 16)}\" y=\"{N(ly + 10)}\">{name}</text></g>\n");
                bounds.Add(lx, ly, 16 + name.Length * 7 + 12, 14);
                lx += 16 + name.Length * 7 + 14;
            }
        }

        if (bounds.Empty) bounds.Add(0, 0, 100, 40);
        const double margin = 10;
        double x0 = Math.Floor(bounds.MinX - margin), y0 = Math.Floor(bounds.MinY - margin);
        double w = Math.Ceiling(bounds.MaxX + margin - x0), h = Math.Ceiling(bounds.MaxY + margin - y0);
        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{N(x0)} {N(y0)} {N(w)} {N(h)}\" width=\"{N(w)}\" height=\"{N(h)}\" " +
            $"font-family=\"DejaVu Sans Mono, monospace\" font-size=\"{N(TextSize(font))}px\">\n");
        svg.Append("<style>.box{stroke-width:1}.comment{fill:#000}.wire{stroke:#000;fill:none}.signal{stroke-width:2}")
           .Append(".control{stroke-width:1}.nub{fill:#000}.title{font-weight:bold}.legend text{fill:#000}text{white-space:pre}</style>\n");
        svg.Append($"<rect x=\"{N(x0)}\" y=\"{N(y0)}\" width=\"{N(w)}\" height=\"{N(h)}\" fill=\"#fff\"/>\n");
        svg.Append(head).Append(body).Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>
    /// The SVG font size: Pd's point size, shrunk where needed so a DejaVu Sans Mono character
    /// (0.602 em wide) fits Pd's character cell and text stays inside its box.
    /// </summary>
    public static double TextSize(PdFont font) => Math.Min(font.Size, Math.Floor(font.Width / 0.602 * 100) / 100);

    private static BoxStatus? StatusOf(BoxShape s, IReadOnlyDictionary<string, BoxStatus>? status)
    {
        if (status is null) return null;
        if (status.TryGetValue(s.Path, out var st)) return st;
        if (s.Box.Subcanvas is null) return null;
        // A subpatch is not a node itself: show the worst status of what is inside it.
        string inner = s.Path + "/";
        BoxStatus? worst = null;
        foreach (var (path, value) in status)
            if (path.StartsWith(inner, StringComparison.Ordinal) && (worst is null || Rank(value) > Rank(worst.Value))) worst = value;
        return worst;
    }

    private static int Rank(BoxStatus s) => s switch { BoxStatus.Matched => 0, BoxStatus.Changed => 1, _ => 2 };

    private static (string? Fill, string? Stroke) Colours(BoxShape s, IReadOnlyDictionary<string, BoxStatus>? status) =>
        StatusOf(s, status) is { } st ? Palette[st] : (null, null);

    private static void DrawBox(StringBuilder sb, BoxShape s, PdFont font, string? fill, string? stroke, Bounds bounds, IObjectCatalog catalog)
    {
        var box = s.Box;
        double x1 = s.X1, y1 = s.Y1, x2 = s.X2, y2 = s.Y2, w = x2 - x1, h = y2 - y1;
        string kind = box.Kind.ToString().ToLowerInvariant();
        string attrs = $" data-box=\"{s.Path}\" data-kind=\"{kind}\"" + (box.Subcanvas is not null ? $" data-subpatch=\"{s.Path}\"" : "");
        string Paint(string defaultFill = "#fff") => $" fill=\"{fill ?? defaultFill}\" stroke=\"{stroke ?? "#000"}\""
            + (stroke is null ? "" : " stroke-width=\"2\"");
        sb.Append($"<g{attrs}>");
        bounds.Add(x1, y1, w, h);
        switch (box.Kind)
        {
            case PdBoxKind.Comment:
                if (fill is not null) sb.Append($"<rect x=\"{N(x1)}\" y=\"{N(y1)}\" width=\"{N(w)}\" height=\"{N(h)}\"{Paint()}/>");
                Text(sb, x1 + 2, y1 + 2, s.Lines, font, "comment");
                break;
            case PdBoxKind.Message:
            {
                double corner = Math.Floor(h / 4);
                bounds.Add(x2, y1, corner, h);
                sb.Append($"<polygon class=\"box\" points=\"{P(x1, y1)} {P(x2 + corner, y1)} {P(x2, y1 + corner)} {P(x2, y2 - corner)} {P(x2 + corner, y2)} " +
                    $"{P(x1, y2)}\"{Paint()}/>");
                Text(sb, x1 + 2, y1 + 2, s.Lines, font);
                break;
            }
            case PdBoxKind.FloatAtom or PdBoxKind.SymbolAtom:
            {
                double corner = Math.Floor(h / 4);
                sb.Append($"<polygon class=\"box\" points=\"{P(x1, y1)} {P(x2 - corner, y1)} {P(x2, y1 + corner)} {P(x2, y2)} {P(x1, y2)}\"{Paint()}/>");
                Text(sb, x1 + 2, y1 + 2, s.Lines, font);
                AtomLabel(sb, s, font, bounds);
                break;
            }
            case PdBoxKind.ListBox:
            {
                double corner = Math.Floor(h / 4);
                sb.Append($"<polygon class=\"box\" points=\"{P(x1, y1)} {P(x2 - corner, y1)} {P(x2, y1 + corner)} {P(x2, y2 - corner)} {P(x2 - corner, y2)} " +
                    $"{P(x1, y2)}\"{Paint()}/>");
                AtomLabel(sb, s, font, bounds);
                break;
            }
            case PdBoxKind.Graph when box.Subcanvas is { } g:
                DrawArrays(sb, s, g, font, fill, stroke);
                break;
            case PdBoxKind.Subpatch when box.Subcanvas is { } sub && BoxLayout.GopSize(sub) is not null:
                DrawGop(sb, s, sub, font, Paint(), catalog);
                break;
            case PdBoxKind.Object when BoxLayout.IemFields(box.ClassName) is not null:
                DrawIem(sb, s, font, fill, stroke, bounds);
                break;
            default:
            {
                // Pd dashes the border of an object that failed to create; without running Pd we draw every object solid.
                sb.Append($"<rect class=\"box\" x=\"{N(x1)}\" y=\"{N(y1)}\" width=\"{N(w)}\" height=\"{N(h)}\"{Paint()}/>");
                Text(sb, x1 + 2, y1 + 2, s.Lines, font);
                break;
            }
        }
        Nubs(sb, s);
        sb.Append("</g>\n");
    }

    private static void Nubs(StringBuilder sb, BoxShape s)
    {
        for (int i = 0; i < s.Inlets.Count; i++)
            sb.Append($"<rect class=\"nub inlet {Kind(s.Inlets[i])}\" x=\"{N(s.NubX(i, s.Inlets.Count))}\" y=\"{N(s.Y1)}\" width=\"{N(BoxShape.NubWidth)}\" " +
                $"height=\"{N(BoxShape.NubHeight - 1)}\"/>");
        for (int i = 0; i < s.Outlets.Count; i++)
            sb.Append($"<rect class=\"nub outlet {Kind(s.Outlets[i])}\" x=\"{N(s.NubX(i, s.Outlets.Count))}\" y=\"{N(s.Y2 - BoxShape.NubHeight + 1)}\" " +
                $"width=\"{N(BoxShape.NubWidth)}\" height=\"{N(BoxShape.NubHeight - 1)}\"/>");
    }

    private static string Kind(PortKind k) => k == PortKind.Signal ? "signal" : "control";

    private static void DrawWire(StringBuilder sb, BoxShape from, int outlet, BoxShape to, int inlet, Bounds bounds)
    {
        bool signal = outlet < from.Outlets.Count && from.Outlets[outlet] == PortKind.Signal;
        double fx = (outlet < from.Outlets.Count ? from.NubX(outlet, from.Outlets.Count) : from.X1) + BoxShape.NubWidth / 2;
        double tx = (inlet < to.Inlets.Count ? to.NubX(inlet, to.Inlets.Count) : to.X1) + BoxShape.NubWidth / 2;
        bounds.Add(Math.Min(fx, tx), Math.Min(from.Y2, to.Y1), Math.Abs(tx - fx), Math.Abs(to.Y1 - from.Y2));
        sb.Append($"<line class=\"wire {(signal ? "signal" : "control")}\" data-connection=\"{from.Box.Index} {outlet} {to.Box.Index} {inlet}\" " +
            $"x1=\"{N(fx)}\" y1=\"{N(from.Y2)}\" x2=\"{N(tx)}\" y2=\"{N(to.Y1)}\"/>\n");
    }

    private static void AtomLabel(StringBuilder sb, BoxShape s, PdFont font, Bounds bounds)
    {
        // #X floatatom x y width min max where label receive send: the label sits left, right, above or below.
        var c = s.Box.Content;
        if (c.Count < 5 || c[4].Value is "-" or "" or "empty") return;
        string label = c[4].Value;
        int where = c[3].IsFloat ? (int)c[3].Number : 0;
        double lw = label.Length * font.Width;
        var (lx, ly) = where switch
        {
            1 => (s.X2 + 3, s.Y1 + 2),
            2 => (s.X1, s.Y1 - font.Height - 2),
            3 => (s.X1, s.Y2 + 2),
            _ => (s.X1 - lw - 3, s.Y1 + 2),
        };
        Text(sb, lx, ly, [label], font, "label");
        bounds.Add(lx, ly, lw, font.Height);
    }

    private static void DrawIem(StringBuilder sb, BoxShape s, PdFont font, string? fill, string? stroke, Bounds bounds)
    {
        var box = s.Box;
        var args = box.Arguments;
        var fields = BoxLayout.IemFields(box.ClassName)!.Value;
        PdAtom? At(int i) => i >= 0 && i < args.Count ? args[i] : null;
        double Num(int i, double fallback) => At(i) is { IsFloat: true } a ? a.Number : fallback;
        // Colours follow the label font size: background, foreground, label.
        int colours = fields.FontSize + 1;
        string bg = fill ?? SvgColour.Decode(At(colours), "#fcfcfc");
        string fg = SvgColour.Decode(At(colours + 1), "#000000");
        string line = stroke ?? "#000";
        string sw = stroke is null ? "1" : "2";
        double x1 = s.X1, y1 = s.Y1, x2 = s.X2, y2 = s.Y2, w = x2 - x1, h = y2 - y1;
        string cls = box.ClassName;
        if (cls is "cnv" or "my_canvas")
        {
            sb.Append($"<rect class=\"iem\" x=\"{N(x1)}\" y=\"{N(y1)}\" width=\"{N(w)}\" height=\"{N(h)}\" fill=\"{bg}\" stroke=\"{(stroke ?? bg)}\" " +
                $"stroke-width=\"{sw}\"/>");
        }
        else
            sb.Append($"<rect class=\"iem\" x=\"{N(x1)}\" y=\"{N(y1)}\" width=\"{N(w)}\" height=\"{N(h)}\" fill=\"{bg}\" stroke=\"{line}\" " +
                $"stroke-width=\"{sw}\"/>");
        switch (cls)
        {
            case "bng":
                sb.Append($"<circle cx=\"{N(x1 + w / 2)}\" cy=\"{N(y1 + h / 2)}\" r=\"{N(Math.Max(1, w / 2 - 1))}\" fill=\"none\" stroke=\"{fg}\"/>");
                break;
            case "tgl" or "toggle":
            {
                // A toggle saved on shows its cross in the foreground colour; off, Pd hides it (drawn faint here so the shape reads).
                bool on = Num(1, 0) != 0 && Num(12, 0) != 0;
                string crossColour = on ? fg : "#d0d0d0";
                double m = Math.Max(2, w / 8);
                sb.Append($"<path d=\"M{P(x1 + m, y1 + m)}L{P(x2 - m, y2 - m)}M{P(x2 - m, y1 + m)}L{P(x1 + m, y2 - m)}\" stroke=\"{crossColour}\" " +
                    $"stroke-width=\"{N(Math.Max(1, w / 15))}\" fill=\"none\"/>");
                break;
            }
            case "hsl" or "hslider":
            {
                double pos = Math.Clamp(x1 + Num(16, 0) / 100, x1 + 1, x2 - 2);
                sb.Append($"<line x1=\"{N(pos)}\" y1=\"{N(y1 + 1)}\" x2=\"{N(pos)}\" y2=\"{N(y2 - 1)}\" stroke=\"{fg}\" stroke-width=\"3\"/>");
                break;
            }
            case "vsl" or "vslider":
            {
                double pos = Math.Clamp(y2 - Num(16, 0) / 100, y1 + 2, y2 - 1);
                sb.Append($"<line x1=\"{N(x1 + 1)}\" y1=\"{N(pos)}\" x2=\"{N(x2 - 1)}\" y2=\"{N(pos)}\" stroke=\"{fg}\" stroke-width=\"3\"/>");
                break;
            }
            case "hradio" or "vradio" or "hdl" or "vdl":
            {
                bool horizontal = cls is "hradio" or "hdl";
                double size = Num(0, 15);
                int count = (int)Math.Max(1, Num(3, 8)), on = (int)Num(14, 0);
                for (int i = 1; i < count; i++)
                    sb.Append(horizontal
                        ? $"<line x1=\"{N(x1 + i * size)}\" y1=\"{N(y1)}\" x2=\"{N(x1 + i * size)}\" y2=\"{N(y2)}\" stroke=\"{line}\"/>"
                        : $"<line x1=\"{N(x1)}\" y1=\"{N(y1 + i * size)}\" x2=\"{N(x2)}\" y2=\"{N(y1 + i * size)}\" stroke=\"{line}\"/>");
                if (on >= 0 && on < count)
                {
                    double cx = horizontal ? x1 + on * size : x1, cy = horizontal ? y1 : y1 + on * size, m = Math.Max(2, size / 4);
                    sb.Append($"<rect x=\"{N(cx + m)}\" y=\"{N(cy + m)}\" width=\"{N(size - 2 * m)}\" height=\"{N(size - 2 * m)}\" fill=\"{fg}\"/>");
                }
                break;
            }
            case "nbx" or "my_numbox":
            {
                double half = h / 2;
                sb.Append($"<polyline points=\"{P(x1 + 1, y1 + 1)} {P(x1 + half, y1 + half)} {P(x1 + 1, y2 - 1)}\" fill=\"none\" stroke=\"{fg}\"/>");
                Text(sb, x1 + half + 2, y1 + (h - font.Height) / 2, s.Lines, font);
                break;
            }
            case "vu":
            {
                sb.Append($"<rect x=\"{N(x1 + 1)}\" y=\"{N(y1 + 1)}\" width=\"{N(w - 2)}\" height=\"{N(h - 2)}\" fill=\"#404040\"/>");
                for (int i = 1; i < 10; i++)
                {
                    double yy = y1 + h * i / 10;
                    sb.Append($"<line x1=\"{N(x2 + 1)}\" y1=\"{N(yy)}\" x2=\"{N(x2 + 4)}\" y2=\"{N(yy)}\" stroke=\"#000\"/>");
                }
                bounds.Add(x2, y1, 5, h);
                break;
            }
        }
        // The label, at its saved offset from the top-left corner.
        if (At(fields.Label) is { } lab && lab.Value is not ("empty" or "-" or ""))
        {
            double lx = x1 + Num(fields.Dx, 0), ly = y1 + Num(fields.Dy, 0);
            int size = (int)Num(fields.FontSize, 10);
            // cnv and vu save no foreground colour, so their label colour comes right after the background.
            string colour = SvgColour.Decode(At(cls is "cnv" or "my_canvas" or "vu" ? colours + 1 : colours + 2), "#000000");
            sb.Append($"<text class=\"label\" x=\"{N(lx)}\" y=\"{N(ly + size * 0.35)}\" font-size=\"{size}px\" fill=\"{colour}\">{Escape(lab.Value)}</text>");
            bounds.Add(lx, ly - size / 2.0, lab.Value.Length * size * 0.6, size);
        }
    }

    private static void DrawGop(StringBuilder sb, BoxShape s, PdCanvas sub, PdFont font, string paint, IObjectCatalog catalog)
    {
        double x1 = s.X1, y1 = s.Y1, w = s.X2 - s.X1, h = s.Y2 - s.Y1;
        sb.Append($"<rect class=\"box gop\" x=\"{N(x1)}\" y=\"{N(y1)}\" width=\"{N(w)}\" height=\"{N(h)}\"{paint}/>");
        // Graph-on-parent shows the subpatch's GUIs that fall inside its window, offset by the margins.
        var c = sub.Coords!;
        double mx = c.Count > 7 && c[7].IsFloat ? c[7].Number : 0, my = c.Count > 8 && c[8].IsFloat ? c[8].Number : 0;
        foreach (var inner in BoxLayout.Layout(sub, s.Path + "/", font, catalog))
        {
            bool gui = inner.Box.Kind is PdBoxKind.FloatAtom or PdBoxKind.SymbolAtom or PdBoxKind.ListBox
                || (inner.Box.Kind == PdBoxKind.Object && BoxLayout.IemFields(inner.Box.ClassName) is not null);
            if (!gui || inner.X1 < mx || inner.Y1 < my || inner.X2 > mx + w || inner.Y2 > my + h) continue;
            var moved = inner with { X1 = inner.X1 - mx + x1, X2 = inner.X2 - mx + x1, Y1 = inner.Y1 - my + y1, Y2 = inner.Y2 - my + y1, Inlets = [],
                Outlets = [] };
            var scratch = new Bounds();
            if (moved.Box.Kind == PdBoxKind.Object) DrawIem(sb, moved, font, null, null, scratch);
            else
            {
                double corner = Math.Floor((moved.Y2 - moved.Y1) / 4);
                sb.Append($"<polygon class=\"box\" points=\"{P(moved.X1, moved.Y1)} {P(moved.X2 - corner, moved.Y1)} {P(moved.X2, moved.Y1 + corner)} " +
                    $"{P(moved.X2, moved.Y2)} {P(moved.X1, moved.Y2)}\" fill=\"#fff\" stroke=\"#000\"/>");
                Text(sb, moved.X1 + 2, moved.Y1 + 2, moved.Lines, font);
            }
        }
        bool hideName = c.Count > 6 && c[6].IsFloat && ((int)c[6].Number & 2) != 0;
        if (!hideName) Text(sb, x1 + 2, y1 + 2, s.Lines, font);
    }

    private static void DrawArrays(StringBuilder sb, BoxShape s, PdCanvas graph, PdFont font, string? fill, string? stroke)
    {
        double x1 = s.X1, y1 = s.Y1, x2 = s.X2, y2 = s.Y2;
        sb.Append($"<rect class=\"box graph\" x=\"{N(x1)}\" y=\"{N(y1)}\" width=\"{N(x2 - x1)}\" height=\"{N(y2 - y1)}\" fill=\"{fill ?? "#fff"}\" " +
            $"stroke=\"{stroke ?? "#000"}\"/>");
        var c = graph.Coords;
        double Coord(int i, double fallback) => c is not null && c.Count > i && c[i].IsFloat ? c[i].Number : fallback;
        double vx1 = Coord(0, 0), vy1 = Coord(1, 1), vx2 = Coord(2, 100), vy2 = Coord(3, -1);
        double Px(double v) => vx2 == vx1 ? x1 : x1 + (v - vx1) / (vx2 - vx1) * (x2 - x1);
        double Py(double v) => vy2 == vy1 ? y1 : Math.Clamp(y1 + (v - vy1) / (vy2 - vy1) * (y2 - y1), y1 - 50, y2 + 50);
        int row = 0;
        foreach (var array in graph.Boxes.Where(b => b.Kind == PdBoxKind.Array))
        {
            string name = array.Content.Count > 0 ? array.Content[0].Value : "array";
            int size = array.Content.Count > 1 && array.Content[1].IsFloat ? (int)array.Content[1].Number : 0;
            var values = new double[Math.Max(0, Math.Min(size, 100_000))];
            foreach (var rec in array.Data)
            {
                // #A start v0 v1 …
                var atoms = rec.Atoms;
                if (atoms.Count < 2 || !atoms[1].IsFloat) continue;
                int start = (int)atoms[1].Number;
                for (int k = 2; k < atoms.Count; k++)
                    if (atoms[k].IsFloat && start + k - 2 >= 0 && start + k - 2 < values.Length) values[start + k - 2] = atoms[k].Number;
            }
            var points = new StringBuilder();
            int step = Math.Max(1, values.Length / 1000);
            for (int k = 0; k < values.Length; k += step)
                points.Append(P(Px(k), Py(values[k]))).Append(' ');
            if (values.Length > 0)
                sb.Append($"<polyline class=\"plot\" data-array=\"{Escape(name)}\" points=\"{points.ToString().TrimEnd()}\" fill=\"none\" stroke=\"#000\"/>");
            Text(sb, x1 + 2, y1 + 2 + row++ * font.Height, [name], font, "label");
        }
    }

    private static void Text(StringBuilder sb, double x, double top, IReadOnlyList<string> lines, PdFont font, string cls = "text")
    {
        // Baseline at about 80% of the line height below the line's top, as Tk places its text.
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].Length == 0) continue;
            sb.Append($"<text class=\"{cls}\" x=\"{N(x)}\" y=\"{N(top + i * font.Height + font.Height * 0.8)}\">{Escape(lines[i])}</text>");
        }
    }

    private static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");

    private static string N(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private static string P(double x, double y) => N(x) + "," + N(y);

    private sealed class Bounds
    {
        public double MinX = double.PositiveInfinity, MinY = double.PositiveInfinity, MaxX = double.NegativeInfinity, MaxY = double.NegativeInfinity;
        public bool Empty => double.IsInfinity(MinX);

        public void Add(double x, double y, double w, double h)
        {
            if (!double.IsFinite(x) || !double.IsFinite(y) || !double.IsFinite(w) || !double.IsFinite(h)) return;
            MinX = Math.Min(MinX, x);
            MinY = Math.Min(MinY, y);
            MaxX = Math.Max(MaxX, x + w);
            MaxY = Math.Max(MaxY, y + h);
        }
    }
}
