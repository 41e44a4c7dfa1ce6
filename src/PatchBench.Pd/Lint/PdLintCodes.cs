namespace PatchBench.Pd.Lint;

/// <summary>One lint rule: its stable code, the severity it reports with, a short title and what it means.</summary>
/// <param name="Code">The stable code, e.g. <c>PD101</c>.</param>
/// <param name="Severity">Error when Pd itself reports the problem as a failure; warning for style findings.</param>
/// <param name="Title">A few words naming the rule.</param>
/// <param name="Description">What the rule finds, how Pd reacts, and how to fix it.</param>
public sealed record PdLintRule(string Code, PdSeverity Severity, string Title, string Description);

/// <summary>
/// Every code the linter reports, in one place: the parser's PD0xx (re-graded by what Pd does),
/// PD1xx errors (Pd prints a failure while loading the patch or switching DSP on) and PD2xx warnings
/// (Pd accepts the patch, but a Pd expert would flag it).
/// </summary>
public static class PdLintCodes
{
    /// <summary>An <c>#X obj</c> names a class Pd cannot create: not in the profile, no abstraction found.</summary>
    public const string UnknownClass = "PD101";
    /// <summary>A connection names a box that does not exist.</summary>
    public const string NoSuchBox = "PD102";
    /// <summary>A connection leaves from an outlet the source box does not have.</summary>
    public const string OutletOutOfRange = "PD103";
    /// <summary>A connection arrives at an inlet the sink box does not have.</summary>
    public const string InletOutOfRange = "PD104";
    /// <summary>A connection to or from an array or scalar, which have no inlets or outlets.</summary>
    public const string Unpatchable = "PD105";
    /// <summary>The same outlet is connected to the same inlet twice.</summary>
    public const string DuplicateConnection = "PD106";
    /// <summary>An audio signal outlet is connected to an inlet that only takes messages.</summary>
    public const string SignalIntoControl = "PD107";
    /// <summary>Signal connections form a cycle.</summary>
    public const string DspLoop = "PD108";
    /// <summary>A box record without coordinates: Pd creates no box (or crashes, for number boxes).</summary>
    public const string BoxWithoutCoordinates = "PD109";

    /// <summary>A control outlet feeds several inlets: the order they fire in is hard to see; use [trigger].</summary>
    public const string FanOutWithoutTrigger = "PD201";
    /// <summary><c>#A</c> data reaching beyond the size of its array.</summary>
    public const string ArraySizeMismatch = "PD202";
    /// <summary>A [dac~] with nothing connected to it makes no sound.</summary>
    public const string SilentDac = "PD203";
    /// <summary>A <c>$1</c>-style argument in an object of a patch opened on its own, where it is 0.</summary>
    public const string DollarInRootPatch = "PD204";
    /// <summary>An empty object box.</summary>
    public const string EmptyObjectBox = "PD205";
    /// <summary>An object found as a compiled external whose inlets and outlets the linter cannot know.</summary>
    public const string UncheckedExternal = "PD206";

    /// <summary>Every rule with its documentation, parser codes first.</summary>
    public static IReadOnlyList<PdLintRule> All { get; } =
    [
        new(PdDiagnosticCodes.UnterminatedRecord, PdSeverity.Warning, "unterminated record",
            "The file ends inside a record (its closing ';' is missing). Pd still evaluates the record, so this is a warning."),
        new(PdDiagnosticCodes.MalformedRecord, PdSeverity.Error, "malformed record",
            "A record Pd cannot evaluate: an unknown '#X' or '#N' selector ('canvas: no method for …'), a tag other than #N/#X/#A " +
            "('… : no such object'), '#X connect' without four numbers or '#X array' without name, size and type ('bad arguments for message …'), " +
            "or a ', sel' suffix the canvas does not understand. Error. Oddities Pd accepts (symbols where coordinates belong, " +
            "', f N M' width suffixes) are warnings."),
        new(PdDiagnosticCodes.NoCanvas, PdSeverity.Error, "no canvas",
            "The file does not start with '#N canvas': Pd has nothing to send '#X' records to ('#X: no such object')."),
        new(PdDiagnosticCodes.UnbalancedCanvas, PdSeverity.Error, "unbalanced canvas",
            "An '#X restore' with no open subpatch (Pd: 'canvas_restore: out of context') is an error. A subpatch never closed " +
            "is a warning: Pd silently keeps it open."),
        new(PdDiagnosticCodes.EmptyPatch, PdSeverity.Warning, "empty patch", "The patch has no boxes."),
        new(PdDiagnosticCodes.BadEncoding, PdSeverity.Warning, "bad encoding", "The file is not valid UTF-8."),
        new(PdDiagnosticCodes.DanglingArrayData, PdSeverity.Error, "dangling #A",
            "An '#A' record when no array, [text define], [array define] or [scalar define] has been created before it: Pd reports '#A: no such object'."),
        new(UnknownClass, PdSeverity.Error, "object couldn't create",
            "An object box whose class is neither in the profile's catalog nor an abstraction NAME.pd in the patch's folder, " +
            "a '#X declare -path' folder or Pd's standard 'extra' folder. Pd prints '… couldn't create' and shows a dashed box."),
        new(NoSuchBox, PdSeverity.Error, "connection to a missing box",
            "'#X connect' names a box index the canvas does not have (boxes are numbered from 0 in file order). Pd: 'connection failed'."),
        new(OutletOutOfRange, PdSeverity.Error, "outlet out of range",
            "'#X connect' leaves from an outlet number the source box does not have. Pd: 'connection failed'."),
        new(InletOutOfRange, PdSeverity.Error, "inlet out of range",
            "'#X connect' arrives at an inlet number the sink box does not have (comments and graphs have none). Pd: 'connection failed'."),
        new(Unpatchable, PdSeverity.Error, "unpatchable box",
            "A connection to or from an '#X array' or '#X scalar', which cannot be connected. Pd: 'connection failed'."),
        new(DuplicateConnection, PdSeverity.Error, "duplicate connection",
            "The same outlet is connected to the same inlet twice. Pd refuses the second one: 'connection failed'."),
        new(SignalIntoControl, PdSeverity.Error, "signal into control inlet",
            "An audio (~) outlet is connected to an inlet that takes only messages. Pd accepts the cord but, when DSP is " +
            "switched on, reports 'audio signal outlet connected to nonsignal inlet (ignored)'."),
        new(DspLoop, PdSeverity.Error, "DSP loop",
            "Signal connections form a cycle. When DSP is switched on Pd reports 'DSP loop detected (some tilde objects not " +
            "scheduled)'. Break the loop with [delwrite~]/[delread~] or [send~]/[receive~]."),
        new(BoxWithoutCoordinates, PdSeverity.Error, "box without coordinates",
            "An '#X obj', '#X msg' or '#X text' with no x and y: Pd creates no box ('unable to create stub object in closed canvas!'), " +
            "so later box numbers shift. An '#X floatatom', '#X symbolatom' or '#X listbox' without coordinates crashes Pd 0.53."),
        new(FanOutWithoutTrigger, PdSeverity.Warning, "fan-out without trigger",
            "A control outlet is connected to several inlets. The order the messages go out in depends on the order the cords were " +
            "made, which the patch does not show; use [trigger] to make it explicit."),
        new(ArraySizeMismatch, PdSeverity.Warning, "array data beyond size",
            "'#A' data for an '#X array' reaches past the array's size; Pd silently drops the excess values."),
        new(SilentDac, PdSeverity.Warning, "silent dac~", "A [dac~] with nothing connected to it makes no sound."),
        new(DollarInRootPatch, PdSeverity.Warning, "$ argument in a patch opened on its own",
            "An object's arguments use $1, $2…: when the file is opened as a patch (not used as an abstraction) they are 0."),
        new(EmptyObjectBox, PdSeverity.Warning, "empty object box", "An object box with no text does nothing."),
        new(UncheckedExternal, PdSeverity.Warning, "unchecked external",
            "The object is a compiled external found on Pd's search path; its inlets and outlets are unknown, so its connections are not checked."),
    ];

    /// <summary>The rule for a code, or null.</summary>
    public static PdLintRule? Find(string code) => All.FirstOrDefault(r => r.Code == code);
}
