namespace PatchBench.Harness.Suites;

/// <summary>
/// A functional check: stimuli a prompt implies, played on a patch in logical time, and what the
/// outputs or the audio must show. See docs/suites.md for the precise semantics.
/// </summary>
/// <param name="Name">Short description shown in reports.</param>
/// <param name="Steps">Stimuli and observations, in order.</param>
/// <param name="Expect">What the observations must show.</param>
/// <param name="Line">Line of the check in its item file.</param>
public sealed record FunctionalCheck(string Name, IReadOnlyList<CheckStep> Steps, CheckExpectation Expect, int Line = 0)
{
    /// <summary>
    /// True for a check nobody authored: <c>suite import</c> derived it from the reference's own behaviour (what it outputs
    /// and how it sounds when played). Records and the site mark it so it is not mistaken for an authored check.
    /// </summary>
    public bool Derived { get; init; }
}

/// <summary>The kinds of input a checker finds in a patch (docs/suites.md, "Inputs").</summary>
public enum InputKind
{
    /// <summary>Number box, nbx, slider or radio with nothing feeding it.</summary>
    Number,
    /// <summary>Symbol box with nothing feeding it.</summary>
    Symbol,
    /// <summary>List box with nothing feeding it.</summary>
    List,
    /// <summary>Toggle (<c>tgl</c>) with nothing feeding it.</summary>
    Toggle,
    /// <summary>Bang (<c>bng</c>) with nothing feeding it.</summary>
    Bang,
    /// <summary>Message box with nothing feeding it.</summary>
    Message,
    /// <summary>An <c>inlet</c> of the top-level patch.</summary>
    Inlet,
}

/// <summary>Which input a step drives: the <see cref="Index"/>-th (1-based, reading order) of the first kind in <see cref="Kinds"/> that has that
/// many.</summary>
/// <param name="Index">1-based position in reading order.</param>
/// <param name="Kinds">Kinds tried in order (the step's defaults unless the item names a <c>kind</c>).</param>
/// <param name="Pooled">True for <c>send</c> without an explicit kind: all <see cref="Kinds"/> pooled into one reading order.</param>
public sealed record InputRef(int Index, IReadOnlyList<InputKind> Kinds, bool Pooled = false);

/// <summary>One step of a check.</summary>
public abstract record CheckStep;

/// <summary><c>set</c>: send a float to a number input (a number box, slider, radio; else an inlet).</summary>
public sealed record SetStep(InputRef Input, double Value) : CheckStep;

/// <summary><c>toggle</c>: set a toggle (else a number input, else an inlet) to 0 or 1.</summary>
public sealed record ToggleStep(InputRef Input, double Value) : CheckStep;

/// <summary><c>bang</c>: press a bang (else click a message box, else bang an inlet).</summary>
public sealed record BangStep(InputRef Input) : CheckStep;

/// <summary><c>click</c>: click a message box (it receives a bang).</summary>
public sealed record ClickStep(InputRef Input) : CheckStep;

/// <summary><c>send</c>: send an arbitrary Pd message (e.g. <c>symbol apple</c>, <c>list 1 2</c>) to an input.</summary>
public sealed record SendStep(InputRef Input, string Message) : CheckStep;

/// <summary><c>wait</c>: let logical time pass.</summary>
public sealed record WaitStep(double Milliseconds) : CheckStep;

/// <summary><c>observe: outputs</c>: close an observation of everything the outputs produced since the previous one.</summary>
public sealed record ObserveStep : CheckStep;

/// <summary><c>record-audio</c>: record what reaches <c>dac~</c> for this long (logical time).</summary>
public sealed record RecordAudioStep(double Milliseconds) : CheckStep;

/// <summary>How observed outputs are compared with the expectation.</summary>
public enum OutputComparison
{
    /// <summary>The whole time-ordered sequence of values at any output.</summary>
    Sequence,
    /// <summary>Only the last value of each observation.</summary>
    Last,
    /// <summary>The values as a multiset, order ignored.</summary>
    Set,
    /// <summary>The sequence, with each value tagged by which output (in reading order) produced it.</summary>
    ByOutput,
}

/// <summary>What a check's observations must show.</summary>
/// <param name="Outputs">Expectation on observed outputs, or null.</param>
/// <param name="Audio">Expectation on the last audio recording, or null.</param>
/// <param name="Compare">How outputs are compared.</param>
/// <param name="Tolerance">Relative tolerance for numbers: |a-b| ≤ tolerance·max(1,|a|,|b|).</param>
public sealed record CheckExpectation(OutputExpectation? Outputs, AudioExpectation? Audio, OutputComparison Compare = OutputComparison.Sequence,
    double Tolerance = 1e-4)
{
    /// <summary>Expectation on the Gem frames seen in the last observation, or null (only for items of a display profile such as <c>gem</c>).</summary>
    public FrameExpectation? Frames { get; init; }
}

/// <summary>
/// What the rendered Gem frames of the last observation must show. Frames are sampled on a grid of points from the
/// window after everything else is drawn (docs/checks.md, "Frames"); the background is the most common colour of a frame.
/// </summary>
/// <param name="Drawn">True: some frame is not one flat colour (something is drawn); false: every frame is.</param>
/// <param name="Colour">The drawn (non-background) points are mostly this colour: red, green, blue, yellow, cyan, magenta, white, grey.</param>
/// <param name="Moves">True: the frames change during the observation (motion, rotation, animation); false: they stay the same.</param>
/// <param name="Changes">True: the last frame of this observation differs from the last frame of the first observation (it reacted to the steps
/// between).</param>
public sealed record FrameExpectation(bool? Drawn, string? Colour, bool? Moves, bool? Changes)
{
    /// <summary>The colour names <see cref="Colour"/> accepts.</summary>
    public static readonly IReadOnlyList<string> Colours = ["red", "green", "blue", "yellow", "cyan", "magenta", "white", "grey"];
}

/// <summary>Expected outputs.</summary>
public abstract record OutputExpectation;

/// <summary>Whatever the reference patch outputs under the same steps.</summary>
public sealed record FromReference : OutputExpectation;

/// <summary>A literal sequence of values (numbers as text in Pd's float format, or messages like <c>symbol even</c>).</summary>
/// <param name="Values">The values of the last observation.</param>
public sealed record LiteralOutputs(IReadOnlyList<string> Values) : OutputExpectation;

/// <summary>Properties of the last observation, for random or timing-dependent items.</summary>
public sealed record OutputProperties : OutputExpectation
{
    /// <summary>Exact number of values.</summary>
    public int? Count { get; init; }
    /// <summary>At least this many values.</summary>
    public int? MinCount { get; init; }
    /// <summary>At most this many values.</summary>
    public int? MaxCount { get; init; }
    /// <summary>Every numeric value is at least this.</summary>
    public double? Min { get; init; }
    /// <summary>Every numeric value is at most this.</summary>
    public double? Max { get; init; }
    /// <summary>Every numeric value is a whole number.</summary>
    public bool? Integers { get; init; }
    /// <summary>At least this many distinct values.</summary>
    public int? Distinct { get; init; }
    /// <summary>The last value.</summary>
    public string? Last { get; init; }
    /// <summary>Some numeric value is at most this (random items: the low end of the range is reached over many draws).</summary>
    public double? ReachesBelow { get; init; }
    /// <summary>Some numeric value is at least this (random items: the high end of the range is reached).</summary>
    public double? ReachesAbove { get; init; }
    /// <summary>Successive numeric values differ by at most this (random walks, smooth ramps).</summary>
    public double? MaxStep { get; init; }
    /// <summary>Numeric values never go down (a running maximum, a peak hold).</summary>
    public bool? NonDecreasing { get; init; }
}

/// <summary>Expected properties of the last audio recording.</summary>
/// <param name="Sounding">True: RMS above -60 dBFS somewhere in the recording; false: never above it.</param>
/// <param name="Pitch">Fundamental in Hz, within 50 cents.</param>
/// <param name="PitchChanges">The estimated pitch changes during the recording.</param>
/// <param name="Broadband">Noise-like spectrum (high spectral flatness).</param>
/// <param name="LikeReference">Compare with the reference's recording: <c>spectrum</c> or <c>level</c>.</param>
public sealed record AudioExpectation(bool? Sounding, double? Pitch, bool? PitchChanges, bool? Broadband, string? LikeReference);
