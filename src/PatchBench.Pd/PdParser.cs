using System.Text;
using PatchBench.Pd.Model;
using PatchBench.Pd.Syntax;

namespace PatchBench.Pd;

/// <summary>
/// Reads Pd file text into a <see cref="PdPatch"/>, numbering boxes exactly as Pd numbers them for
/// <c>#X connect</c>. Never throws: anything malformed becomes a <see cref="PdDiagnostic"/>.
/// </summary>
public static class PdParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>Parses raw file bytes, reporting invalid UTF-8 or NUL bytes as a diagnostic.</summary>
    public static PdPatch Parse(byte[] bytes)
    {
        string text;
        var extra = new List<PdDiagnostic>();
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            text = Encoding.UTF8.GetString(bytes);
            extra.Add(new PdDiagnostic(0, 0, PdDiagnosticCodes.BadEncoding, PdSeverity.Warning, "file is not valid UTF-8; invalid bytes were replaced"));
        }
        var patch = Parse(text);
        return extra.Count == 0 ? patch : patch with { Diagnostics = [.. extra, .. patch.Diagnostics] };
    }

    /// <summary>Parses Pd file text.</summary>
    public static PdPatch Parse(string text)
    {
        var records = PdRecordReader.Read(text ?? "");
        var diagnostics = new List<PdDiagnostic>();
        var stack = new Stack<CanvasBuilder>();
        CanvasBuilder? root = null;
        var prelude = new List<PdRecord>();

        void Diag(PdRecord r, string code, PdSeverity sev, string msg) =>
            diagnostics.Add(new PdDiagnostic(r.Line, r.Column, code, sev, msg));

        foreach (var record in records)
        {
            if (!record.Terminated)
                Diag(record, PdDiagnosticCodes.UnterminatedRecord, PdSeverity.Warning, "the file ends inside this record: the closing ';' is missing");

            var first = record.FirstMessage;
            string tag = record.Tag;
            string selector = first.Count > 0 ? first[0].Value : "";

            if (tag == "#N" && selector == "canvas")
            {
                var header = first.Slice(1).ToArray();
                var builder = new CanvasBuilder(header, root is null, record.Line);
                if (header.Length < 4 || !header[0].IsFloat || !header[1].IsFloat || !header[2].IsFloat || !header[3].IsFloat)
                    Diag(record, PdDiagnosticCodes.MalformedRecord, PdSeverity.Warning, "'#N canvas' expects x, y, width and height as numbers");
                root ??= builder;
                stack.Push(builder);
                continue;
            }

            if (tag == "#N" && selector == "struct")
            {
                if (stack.Count == 0) prelude.Add(record);
                else stack.Peek().Other.Add((stack.Peek().Boxes.Count, record));
                continue;
            }

            if (stack.Count == 0)
            {
                if (tag is "#X" or "#A")
                {
                    Diag(record, PdDiagnosticCodes.NoCanvas, PdSeverity.Error,
                        $"'{tag} {selector}' comes before any '#N canvas' record: Pd has no canvas to send it to");
                    root = new CanvasBuilder([], true, 0);
                    stack.Push(root);
                }
                else
                {
                    Diag(record, PdDiagnosticCodes.MalformedRecord, PdSeverity.Error,
                        $"'{Describe(record)}' is not a Pd record: records start with #N, #X or #A");
                    prelude.Add(record);
                    continue;
                }
            }

            var canvas = stack.Peek();
            switch (tag)
            {
                case "#X":
                    HandleX(record, first, selector, canvas, stack, diagnostics);
                    break;
                case "#A":
                    if (canvas.Boxes.Count == 0)
                    {
                        Diag(record, PdDiagnosticCodes.DanglingArrayData, PdSeverity.Error, "'#A' data with no object before it to receive it");
                        canvas.Other.Add((canvas.Boxes.Count, record));
                    }
                    else (canvas.Data[canvas.Boxes.Count - 1] ??= []).Add(record);
                    break;
                case "#N":
                    Diag(record, PdDiagnosticCodes.MalformedRecord, PdSeverity.Error, $"unknown record '#N {selector}': expected '#N canvas' or '#N struct'");
                    canvas.Other.Add((canvas.Boxes.Count, record));
                    break;
                default:
                    Diag(record, PdDiagnosticCodes.MalformedRecord, PdSeverity.Error,
                        $"'{Describe(record)}' is not a Pd record: records start with #N, #X or #A");
                    canvas.Other.Add((canvas.Boxes.Count, record));
                    break;
            }
        }

        // Subpatches never restored: keep their boxes by attaching them to their parent, and say so.
        while (stack.Count > 1)
        {
            var open = stack.Pop();
            diagnostics.Add(new PdDiagnostic(open.Line, 1, PdDiagnosticCodes.UnbalancedCanvas, PdSeverity.Error,
                "this subpatch is never closed by an '#X restore' record"));
            var parent = stack.Peek();
            parent.AddBox(new PdBox
            {
                Index = parent.Boxes.Count, Kind = PdBoxKind.Subpatch, X = 0, Y = 0,
                Content = [PdAtom.FromWord("pd"), .. open.Header.Length >= 5 ? new[] { open.Header[4] } : []],
                Subcanvas = open.Build(), Line = open.Line, Column = 1,
            });
        }

        if (root is null)
        {
            diagnostics.Add(new PdDiagnostic(1, 1, PdDiagnosticCodes.NoCanvas, PdSeverity.Error,
                records.Count == 0 ? "the file is empty: a Pd patch starts with '#N canvas'" : "no '#N canvas' record: this is not a Pd patch"));
            root = new CanvasBuilder([], true, 0);
        }
        if (prelude.Count > 0) root.Other.InsertRange(0, prelude.Select(r => (-1, r)));
        var rootCanvas = root.Build();
        if (root.Header.Length > 0 && !rootCanvas.SelfAndDescendants().Any(c => c.Boxes.Count > 0))
            diagnostics.Add(new PdDiagnostic(root.Line, 1, PdDiagnosticCodes.EmptyPatch, PdSeverity.Warning, "the patch has no boxes"));

        return new PdPatch(rootCanvas, diagnostics, records);
    }

    private static void HandleX(PdRecord record, ArraySegment<PdAtom> first, string selector,
        CanvasBuilder canvas, Stack<CanvasBuilder> stack, List<PdDiagnostic> diagnostics)
    {
        void Diag(string code, PdSeverity sev, string msg) =>
            diagnostics.Add(new PdDiagnostic(record.Line, record.Column, code, sev, msg));

        // Box contents are views of the record's atoms: the record keeps them anyway, so nothing is copied.
        var args = first.Count > 1 ? first.Slice(1) : ArraySegment<PdAtom>.Empty;
        switch (selector)
        {
            case "obj" or "msg" or "floatatom" or "symbolatom" or "listbox" or "text" or "scalar":
            {
                var kind = selector switch
                {
                    "obj" => PdBoxKind.Object, "msg" => PdBoxKind.Message, "floatatom" => PdBoxKind.FloatAtom,
                    "symbolatom" => PdBoxKind.SymbolAtom, "listbox" => PdBoxKind.ListBox, "text" => PdBoxKind.Comment,
                    _ => PdBoxKind.Scalar,
                };
                double x = 0, y = 0;
                IReadOnlyList<PdAtom> content;
                if (kind == PdBoxKind.Scalar)
                {
                    content = Content(args);
                }
                else
                {
                    if (args.Count < 2 || !args[0].IsFloat || !args[1].IsFloat)
                        Diag(PdDiagnosticCodes.MalformedRecord, PdSeverity.Warning, $"'#X {selector}' expects x and y coordinates as numbers");
                    x = args.Count > 0 && args[0].IsFloat ? args[0].Number : 0;
                    y = args.Count > 1 && args[1].IsFloat ? args[1].Number : 0;
                    content = args.Count > 2 ? Content(args.Slice(2)) : [];
                }
                canvas.AddBox(new PdBox
                {
                    Index = canvas.Boxes.Count, Kind = kind, X = x, Y = y, Content = content,
                    Width = WidthSuffix(record, diagnostics), Line = record.Line, Column = record.Column,
                });
                break;
            }
            case "restore":
            {
                if (stack.Count <= 1)
                {
                    Diag(PdDiagnosticCodes.UnbalancedCanvas, PdSeverity.Error, "'#X restore' with no open subpatch to close");
                    canvas.Other.Add((canvas.Boxes.Count, record));
                    break;
                }
                var sub = stack.Pop();
                var parent = stack.Peek();
                IReadOnlyList<PdAtom> content = args.Count > 2 ? Content(args.Slice(2)) : [];
                bool graph = content.Count > 0 && content[0].Value == "graph";
                parent.AddBox(new PdBox
                {
                    Index = parent.Boxes.Count, Kind = graph ? PdBoxKind.Graph : PdBoxKind.Subpatch,
                    X = args.Count > 0 && args[0].IsFloat ? args[0].Number : 0,
                    Y = args.Count > 1 && args[1].IsFloat ? args[1].Number : 0,
                    Content = content, Width = WidthSuffix(record, diagnostics), Subcanvas = sub.Build(),
                    Line = record.Line, Column = record.Column,
                });
                break;
            }
            case "connect":
                // Pd reads the first four fields as floats and truncates them to ints (extra fields are ignored),
                // so '0 0.5 1 0' connects outlet 0 and a negative index is kept for the linter to report.
                if (args.Count < 4 || !IsConnectField(args[0]) || !IsConnectField(args[1]) || !IsConnectField(args[2]) || !IsConnectField(args[3]))
                {
                    Diag(PdDiagnosticCodes.MalformedRecord, PdSeverity.Error, "'#X connect' expects four whole numbers: source, outlet, sink, inlet");
                    canvas.Other.Add((canvas.Boxes.Count, record));
                }
                else
                {
                    if (args.Count > 4 || !IsIndex(args[0]) || !IsIndex(args[1]) || !IsIndex(args[2]) || !IsIndex(args[3]))
                        Diag(PdDiagnosticCodes.MalformedRecord, PdSeverity.Warning,
                            "'#X connect' expects exactly four whole numbers: source, outlet, sink, inlet");
                    canvas.Connections.Add(new PdConnection((int)args[0].Number, (int)args[1].Number, (int)args[2].Number, (int)args[3].Number, record.Line,
                        record.Column));
                }
                break;
            case "coords":
                canvas.Coords = Content(args);
                break;
            case "declare":
                canvas.Declares.Add(Content(args));
                break;
            case "array":
                canvas.AddBox(new PdBox
                {
                    Index = canvas.Boxes.Count, Kind = PdBoxKind.Array, X = 0, Y = 0, Content = Content(args),
                    Line = record.Line, Column = record.Column,
                });
                if (args.Count < 2 || !args[1].IsFloat)
                    Diag(PdDiagnosticCodes.MalformedRecord, PdSeverity.Warning, "'#X array' expects a name and a size");
                break;
            case "f":
                if (canvas.Boxes.Count > 0 && args.Count >= 1 && args[0].IsFloat)
                    canvas.SetWidth(canvas.Boxes.Count - 1, (int)args[0].Number);
                else
                    canvas.Other.Add((canvas.Boxes.Count, record));
                break;
            default:
                Diag(PdDiagnosticCodes.MalformedRecord, PdSeverity.Warning, $"'#X {selector}' is not a record Pd writes in patch files");
                canvas.Other.Add((canvas.Boxes.Count, record));
                break;
        }
    }

    private static int? WidthSuffix(PdRecord record, List<PdDiagnostic> diagnostics)
    {
        if (!record.HasComma) return null;
        var messages = record.Messages;
        int? width = null;
        for (int m = 1; m < messages.Count; m++)
        {
            var msg = messages[m];
            if (msg.Count == 2 && msg[0].Value == "f" && msg[1].IsFloat) width = (int)msg[1].Number;
            else diagnostics.Add(new PdDiagnostic(record.Line, record.Column, PdDiagnosticCodes.MalformedRecord, PdSeverity.Warning,
                "only ', f N' (box width) may follow a box record after a comma"));
        }
        return width;
    }

    /// <summary>A read-only view of some of a record's atoms (an empty view is the shared empty array).</summary>
    private static IReadOnlyList<PdAtom> Content(ArraySegment<PdAtom> atoms) => atoms.Count == 0 ? Array.Empty<PdAtom>() : atoms;

    // Pd reads connect fields as floats and truncates them to int.
    private static bool IsConnectField(PdAtom a) => a.IsFloat && Math.Abs(a.Number) <= int.MaxValue;

    private static bool IsIndex(PdAtom a) => a.Number >= 0 && a.Number == Math.Floor(a.Number);

    private static string Describe(PdRecord r) =>
        string.Join(' ', r.Atoms.Take(3).Select(a => a.Text)) + (r.Atoms.Count > 3 ? " …" : "");

    private sealed class CanvasBuilder(PdAtom[] header, bool isRoot, int line)
    {
        public PdAtom[] Header { get; } = header;
        public int Line { get; } = line;
        public List<PdBox> Boxes { get; } = [];
        public List<List<PdRecord>?> Data { get; } = []; // created when an '#A' arrives
        public List<PdConnection> Connections { get; } = [];
        public List<IReadOnlyList<PdAtom>> Declares { get; } = [];
        public List<(int, PdRecord)> Other { get; } = [];
        public IReadOnlyList<PdAtom>? Coords { get; set; }

        public void AddBox(PdBox box) { Boxes.Add(box); Data.Add(null); }

        public void SetWidth(int index, int width) => Boxes[index] = Boxes[index] with { Width = width };

        public PdCanvas Build()
        {
            var boxes = new PdBox[Boxes.Count];
            for (int i = 0; i < boxes.Length; i++)
                boxes[i] = Data[i] is { Count: > 0 } data ? Boxes[i] with { Data = data } : Boxes[i];
            return new()
            {
                Header = Header, IsRoot = isRoot, Line = Line, Boxes = boxes,
                Connections = Connections.ToArray(), Coords = Coords, Declares = Declares.ToArray(), OtherRecords = Other.ToArray(),
            };
        }
    }
}
