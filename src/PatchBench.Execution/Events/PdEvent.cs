namespace PatchBench.Execution.Events;

/// <summary>What a line (or a few lines) of Pd's console output, or the harness itself, reported.</summary>
public enum PdEventKind
{
    /// <summary>Pd could not create an object box (<c>... couldn't create</c>); the box text is known.</summary>
    CouldntCreate,
    /// <summary>Pd refused a <c>#X connect</c> (<c>... connection failed</c>).</summary>
    ConnectionFailed,
    /// <summary>At DSP sort time: a signal outlet goes to a control-only inlet (connection ignored).</summary>
    SignalToControl,
    /// <summary>At DSP sort time: the signal graph has a cycle.</summary>
    DspLoop,
    /// <summary>A control message recursed too deeply (Pd's <c>stack overflow</c>).</summary>
    StackOverflow,
    /// <summary>Pd could not allocate memory (<c>getbytes()</c>/<c>resizebytes()</c> failed).</summary>
    OutOfMemory,
    /// <summary>Any other <c>error:</c> line, usually from an object (<c>tabread: no method for 'bang'</c>).</summary>
    ObjectError,
    /// <summary>A line a <c>[print]</c> object printed.</summary>
    Print,
    /// <summary>Anything else Pd posted (informational; not a failure).</summary>
    Post,
    /// <summary>The harness killed Pd at the wall-clock limit.</summary>
    Timeout,
    /// <summary>Pd died before finishing: by a signal (crash, CPU or file-size limit) or an unexpected exit.</summary>
    Crash,
    /// <summary>Pd printed more than the harness keeps; it was killed.</summary>
    OutputLimit,
    /// <summary>The harness could not run Pd at all (sandbox or process failure).</summary>
    HarnessError,
}

/// <summary>How an event bears on the verdict.</summary>
public enum PdEventSeverity
{
    /// <summary>Informational: prints and posts.</summary>
    Info,
    /// <summary>Pd's own warnings (not failures).</summary>
    Warning,
    /// <summary>A failure of the patch.</summary>
    Error,
}

/// <summary>The phase of the run in which Pd printed an event, known from the wrapper's markers.</summary>
public enum PdRunPhase
{
    /// <summary>While Pd opened the candidate (object creation, connections, loadbang).</summary>
    Load,
    /// <summary>While DSP was switched on (the DSP graph was sorted).</summary>
    DspStart,
    /// <summary>During the timed stretch of logical time.</summary>
    Run,
    /// <summary>After the stretch, while quitting.</summary>
    Quit,
}

/// <summary>
/// One structured event from a Pd run, located in the candidate patch where that can be told.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="Severity">Whether it fails the patch.</param>
/// <param name="Message">The text Pd printed (several lines joined by a newline), or the harness's words.</param>
/// <param name="Phase">When it happened.</param>
public sealed record PdEvent(PdEventKind Kind, PdEventSeverity Severity, string Message, PdRunPhase Phase)
{
    /// <summary>The object box text or class the event concerns (<c>nosuchobj 1 2</c>, <c>tabread</c>), when Pd named it.</summary>
    public string? Object { get; init; }

    /// <summary>The canvas Pd named (file name such as <c>candidate.pd</c>, or a subpatch name), for connection failures.</summary>
    public string? Canvas { get; init; }

    /// <summary>For connection failures: source box index, outlet, sink box index, inlet, as in <c>#X connect</c>.</summary>
    public IReadOnlyList<int>? Connection { get; init; }

    /// <summary>For connection failures: the classes of the two ends (<c>+</c>, <c>print</c>).</summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>For prints: the print object's name (<c>print</c> when it has none; empty for <c>print -n</c>).</summary>
    public string? PrintName { get; init; }

    /// <summary>For prints: what was printed after the name.</summary>
    public string? PrintValue { get; init; }

    /// <summary>1-based line in the candidate file of the box or connection the event concerns; null when unknown.</summary>
    public int? Line { get; init; }

    /// <summary>The path of canvas indices from the root to the box (e.g. <c>[3, 0]</c>: box 0 of the subpatch at root box 3); null when unknown.</summary>
    public IReadOnlyList<int>? BoxPath { get; init; }

    /// <summary>True for events that fail the patch.</summary>
    public bool IsError => Severity == PdEventSeverity.Error;
}
