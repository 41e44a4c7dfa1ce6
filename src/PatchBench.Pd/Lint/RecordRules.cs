using PatchBench.Pd.Syntax;

namespace PatchBench.Pd.Lint;

/// <summary>
/// Record-level checks, replaying the file the way Pd evaluates it: which records Pd rejects
/// (unknown selectors, bad arguments, no canvas to send them to, a restore out of context),
/// which box records create no box, and where <c>#A</c> data goes.
/// </summary>
internal static class RecordRules
{
    // Methods of Pd 0.53's canvas class that can appear in a file (g_canvas.c, g_editor.c, g_graph.c,
    // g_text.c, g_array.c and the IEM GUI setups); anything else gets "canvas: no method for …".
    private static readonly HashSet<string> CanvasMethods =
    [
        "obj", "msg", "floatatom", "symbolatom", "listbox", "text", "graph", "array", "scalar", "restore", "coords",
        "connect", "disconnect", "declare", "f", "pop", "loadbang", "vis", "editmode", "menuclose", "dirty", "clear",
        "bng", "toggle", "vslider", "hslider", "hradio", "vradio", "vumeter", "mycnv", "numbox", "width", "font",
        "setbounds", "relocate", "rename", "dsp", "map", "mouse", "mouseup", "key", "motion", "print", "menuarray",
        "menusave", "saveto", "tidy", "cut", "copy", "paste", "selectall", "undo", "redo", "find", "findagain",
        "done-popup", "donecanvasdialog", "arraydialog", "click", "zoom", "properties", "help", "open", "close",
        "write", "read", "savetofile", "goprect", "saved", "legacy_mousedown", "legacy_mouseup", "legacy_mousemotion",
    ];

    /// <summary>What <c>#A</c> is bound to at a point of the file.</summary>
    public enum ArrayDataTarget
    {
        /// <summary>Nothing: '#A' gives "#A: no such object".</summary>
        None,
        /// <summary>An '#X array' (garray), which takes its values as '#A onset values…'.</summary>
        Array,
        /// <summary>A [text define], [array define], [scalar define] or [table], which take their saved contents.</summary>
        DataObject,
        /// <summary>The canvas of the last abstraction loaded: only canvas methods ('#A saved …' for [savestate]) work.</summary>
        AbstractionCanvas,
    }

    /// <summary>
    /// Checks every record; returns the positions (line, column) of box records Pd creates no box for,
    /// so connection indices can skip them.
    /// </summary>
    public static HashSet<(int Line, int Column)> Check(IReadOnlyList<PdRecord> records, Func<string, string, ArrayDataTarget> arrayDataTargetOf,
        List<PdDiagnostic> diagnostics)
    {
        var notCreated = new HashSet<(int, int)>();
        var openCanvases = new Stack<PdRecord>();
        bool rootPopped = false;
        var target = ArrayDataTarget.None;
        double arraySize = 0;
        void Diag(PdRecord r, string code, PdSeverity severity, string message) =>
            diagnostics.Add(new PdDiagnostic(r.Line, r.Column, code, severity, message));

        foreach (var record in records)
        {
            if (record.Atoms.Count == 0) continue;
            var first = record.FirstMessage;
            string selector = first.Count > 0 ? first[0].Value : "";
            var args = first.Count > 1 ? first.Slice(1) : ArraySegment<PdAtom>.Empty;
            var tagAtom = record.Atoms[0];
            switch (record.Tag)
            {
                case "#N":
                    if (selector == "canvas")
                    {
                        openCanvases.Push(record);
                        rootPopped = false;
                        if (args.Count < 4 || !args[0].IsFloat || !args[1].IsFloat || !args[2].IsFloat || !args[3].IsFloat)
                            Diag(record, PdDiagnosticCodes.MalformedRecord, PdSeverity.Warning, "'#N canvas' expects x, y, width and height as numbers");
                    }
                    else if (selector != "struct")
                        Diag(record, PdDiagnosticCodes.MalformedRecord, PdSeverity.Error,
                            $"unknown record '#N {selector}': Pd reports \"canvasmaker: no method for '{selector}'\"");
                    continue;
                case "#A":
                    if (target == ArrayDataTarget.None)
                        Diag(record, PdDiagnosticCodes.DanglingArrayData, PdSeverity.Error,
                            "'#A' data with no array, [text define] or [array define] before it: Pd reports '#A: no such object'");
                    else if (target == ArrayDataTarget.AbstractionCanvas && first.Count > 0 && (first[0].IsFloat ? "float" : first[0].Value) is var method
                        && !CanvasMethods.Contains(method))
                        Diag(record, PdDiagnosticCodes.DanglingArrayData, PdSeverity.Error,
                            $"'#A {method} …' goes to the abstraction loaded just before it, which does not understand it: Pd reports \"canvas: no method " +
                                $"for '{method}'\"");
                    else if (target == ArrayDataTarget.Array && first.Count > 0 && first[0].IsFloat)
                    {
                        double end = first[0].Number + (first.Count - 1);
                        if (end > arraySize)
                            Diag(record, PdLintCodes.ArraySizeMismatch, PdSeverity.Warning,
                                $"'#A' data reaches index {end - 1} but the array has only {arraySize} elements; Pd drops the rest");
                    }
                    continue;
                case "#X":
                    break;
                default:
                    if (tagAtom.Kind is PdAtomKind.Comma) continue; // ", …" after a ';' is an empty message to nobody
                    Diag(record, PdDiagnosticCodes.MalformedRecord, PdSeverity.Error,
                        $"'{tagAtom.Value}' is not a Pd record tag (records start with #N, #X or #A): Pd reports '{tagAtom.Value}: no such object'");
                    continue;
            }

            if (openCanvases.Count == 0 || rootPopped)
            {
                Diag(record, PdDiagnosticCodes.NoCanvas, PdSeverity.Error,
                    rootPopped ? "record after the root canvas was closed: Pd reports '#X: no such object'"
                               : "record before any '#N canvas': Pd reports '#X: no such object'");
                continue;
            }

            switch (selector)
            {
                case "obj" or "msg" or "text":
                    if (args.Count < 2)
                    {
                        notCreated.Add((record.Line, record.Column));
                        Diag(record, PdLintCodes.BoxWithoutCoordinates, PdSeverity.Error,
                            $"'#X {selector}' without x and y: Pd creates no box ('unable to create stub … in closed canvas!'), so later box numbers shift");
                    }
                    else if (!args[0].IsFloat || !args[1].IsFloat)
                        Diag(record, PdDiagnosticCodes.MalformedRecord, PdSeverity.Warning,
                            $"'#X {selector}' expects x and y coordinates as numbers; Pd uses 0");
                    if (selector == "obj" && args.Count >= 3 && arrayDataTargetOf(args[2].Value, args.Count > 3 ? args[3].Value : "") is var binder
                        and not ArrayDataTarget.None)
                        target = binder;
                    break;
                case "floatatom" or "symbolatom" or "listbox":
                    if (args.Count < 2)
                        Diag(record, PdLintCodes.BoxWithoutCoordinates, PdSeverity.Error, $"'#X {selector}' without x and y crashes Pd 0.53");
                    break;
                case "restore":
                    if (openCanvases.Count <= 1)
                    {
                        rootPopped = true;
                        Diag(record, PdDiagnosticCodes.UnbalancedCanvas, PdSeverity.Error,
                            "'#X restore' with no open subpatch to close: Pd reports 'canvas_restore: out of context'");
                    }
                    else openCanvases.Pop();
                    break;
                case "connect":
                    if (args.Count < 4 || !args[0].IsFloat || !args[1].IsFloat || !args[2].IsFloat || !args[3].IsFloat)
                        Diag(record, PdDiagnosticCodes.MalformedRecord, PdSeverity.Error,
                            "'#X connect' needs four numbers (source, outlet, sink, inlet): Pd reports \"bad arguments for message 'connect' to object " +
                                "'canvas'\"");
                    break;
                case "array":
                    // canvas method "array": A_SYMBOL name, A_FLOAT size, A_SYMBOL type, A_DEFFLOAT flags.
                    bool nameOk = args.Count > 0 && (args[0].IsSymbol || args[0].Kind == PdAtomKind.Dollar || (args[0].IsFloat && args[0].Number == 0));
                    bool sizeOk = args.Count > 1 && (args[1].IsFloat || args[1].Kind == PdAtomKind.Dollar);
                    bool typeOk = args.Count > 2 && (args[2].IsSymbol || (args[2].IsFloat && args[2].Number == 0));
                    bool flagOk = args.Count < 4 || args[3].IsFloat || args[3].Kind == PdAtomKind.Dollar;
                    if (!(nameOk && sizeOk && typeOk && flagOk))
                        Diag(record, PdDiagnosticCodes.MalformedRecord, PdSeverity.Error,
                            "'#X array' needs a name, a size, a type and optional flags: Pd reports \"bad arguments for message 'array' to object 'canvas'\"");
                    else if (args[2].Value != "float")
                        Diag(record, PdDiagnosticCodes.MalformedRecord, PdSeverity.Error, $"'#X array' of type '{args[2].Value}': Pd understands only 'float'");
                    else
                    {
                        target = ArrayDataTarget.Array;
                        arraySize = args[1].IsFloat ? Math.Max(1, Math.Floor(args[1].Number)) : double.MaxValue;
                    }
                    break;
                default:
                    if (!CanvasMethods.Contains(selector))
                        Diag(record, PdDiagnosticCodes.MalformedRecord, PdSeverity.Error,
                            $"unknown record '#X {selector}': Pd reports \"canvas: no method for '{selector}'\"");
                    break;
            }

            // ", sel …" after the record is a further message to the canvas (", f 12" sets the box width).
            if (!record.HasComma) continue;
            var messages = record.Messages;
            for (int m = 1; m < messages.Count; m++)
            {
                var msg = messages[m];
                if (msg.Count == 0) continue;
                string sel = msg[0].Value;
                if (sel == "f")
                {
                    if (msg.Count != 2 || !msg[1].IsFloat)
                        Diag(record, PdDiagnosticCodes.MalformedRecord, PdSeverity.Warning, "', f' expects one number (the box width)");
                }
                else if (!CanvasMethods.Contains(sel))
                    Diag(record, PdDiagnosticCodes.MalformedRecord, PdSeverity.Error,
                        $"', {sel}' after the record: Pd reports \"canvas: no method for '{sel}'\"");
            }
        }

        // Subpatches never restored: Pd keeps them open without a word, so this is only a warning.
        while (openCanvases.Count > 1)
        {
            var open = openCanvases.Pop();
            Diag(open, PdDiagnosticCodes.UnbalancedCanvas, PdSeverity.Warning, "this subpatch is never closed by an '#X restore' record");
        }
        return notCreated;
    }
}
