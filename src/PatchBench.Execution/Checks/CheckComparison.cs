using System.Globalization;
using PatchBench.Harness.Suites;

namespace PatchBench.Execution.Checks;

/// <summary>One value that reached an output.</summary>
/// <param name="Output">1-based output number in reading order.</param>
/// <param name="Value">The value as Pd prints it (<c>30</c>, <c>bang</c>, <c>symbol even</c>, <c>60 100</c>).</param>
public sealed record ObservedValue(int Output, string Value)
{
    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>Everything one play of a check showed.</summary>
/// <param name="Stage">How far the instrumented patch got in the sandbox.</param>
/// <param name="Observations">One list per <c>observe</c> step.</param>
/// <param name="Audio">One measure per <c>record-audio</c> step (empty when nothing was captured).</param>
/// <param name="Errors">Pd's error lines during the play.</param>
public sealed record CheckObservation(ExecStage Stage, IReadOnlyList<IReadOnlyList<ObservedValue>> Observations, IReadOnlyList<AudioMeasure> Audio,
    IReadOnlyList<string> Errors)
{
    /// <summary>The Gem frames rendered during each observation (one list per <c>observe</c> step; empty without frame capture).</summary>
    public IReadOnlyList<IReadOnlyList<FrameSample>> Frames { get; init; } = [];
}

/// <summary>The verdict of one check on one patch, as a report shows it.</summary>
/// <param name="Name">The check's name.</param>
/// <param name="Passed">True when every expectation held.</param>
/// <param name="Expected">What was expected, in words.</param>
/// <param name="Observed">What the patch did, in words.</param>
/// <param name="Problems">Each unmet expectation.</param>
public sealed record CheckOutcome(string Name, bool Passed, string Expected, string Observed, IReadOnlyList<string> Problems);

/// <summary>Compares an observation with a check's expectation (docs/suites.md, "Expectations"). Pure.</summary>
public static class CheckComparison
{
    /// <summary>Judges <paramref name="observed"/> against <paramref name="check"/>; <paramref name="reference"/> is needed for from-reference parts.</summary>
    public static CheckOutcome Judge(FunctionalCheck check, CheckObservation observed, CheckObservation? reference)
    {
        var e = check.Expect;
        var problems = new List<string>();
        var expected = new List<string>();
        double tol = e.Tolerance;
        var last = observed.Observations.Count > 0 ? observed.Observations[^1] : [];
        switch (e.Outputs)
        {
            case FromReference:
                var want = reference?.Observations ?? [];
                expected.Add($"outputs as the reference ({e.Compare.ToString().ToLowerInvariant()}): {Show(want)}");
                if (reference is null) problems.Add("the reference's observation is unavailable");
                else if (want.All(o => o.Count == 0)) problems.Add("the reference produced no output (check is meaningless)");
                else
                {
                    for (int i = 0; i < want.Count; i++)
                    {
                        var got = i < observed.Observations.Count ? observed.Observations[i] : [];
                        if (!Same(got, want[i], e.Compare, tol)) problems.Add($"observation {i + 1}: expected {Show(want[i])}, got {Show(got)}");
                    }
                }
                break;
            case LiteralOutputs lit:
                expected.Add(
                    $"last observation {(e.Compare == OutputComparison.Last ? "ending in " + lit.Values[^1] : "[" + string.Join(", ", lit.Values) + "]")}");
                var wantValues = lit.Values.Select(v => new ObservedValue(0, v)).ToList();
                if (!Same(last, wantValues, e.Compare == OutputComparison.ByOutput ? OutputComparison.Sequence : e.Compare, tol))
                    problems.Add($"expected [{string.Join(", ", lit.Values)}], got {Show(last)}");
                break;
            case OutputProperties p:
                expected.Add($"last observation with {DescribeProperties(p)}");
                problems.AddRange(CheckProperties(p, last, tol));
                break;
        }
        if (e.Audio is { } a)
        {
            var m = observed.Audio.Count > 0 ? observed.Audio[^1] : null;
            var refM = reference is { Audio.Count: > 0 } ? reference.Audio[^1] : null;
            expected.Add("audio " + DescribeAudio(a));
            if (m is null) problems.Add("no audio was recorded (no dac~ or the run failed)");
            else problems.AddRange(CheckAudio(a, m, refM));
        }
        if (e.Frames is { } fx)
        {
            expected.Add("frames " + DescribeFrames(fx));
            var lastFrames = observed.Frames.Count > 0 ? observed.Frames[^1] : [];
            var firstFrames = observed.Frames.Count > 0 ? observed.Frames[0] : [];
            problems.AddRange(FrameMeasures.Check(fx, lastFrames, firstFrames));
        }
        if (observed.Stage != ExecStage.Run) problems.Insert(0, $"the instrumented patch reached only stage {observed.Stage.ToString().ToLowerInvariant()}"
            + (observed.Errors.Count > 0 ? $": {observed.Errors[0]}" : ""));
        var shown = Show(observed.Observations) + (observed.Audio.Count > 0 ? "; audio " + DescribeMeasure(observed.Audio[^1]) : "")
            + (e.Frames is not null ? "; " + FrameMeasures.Describe(observed.Frames.Count > 0 ? observed.Frames[^1] : []) : "");
        return new CheckOutcome(check.Name, problems.Count == 0, string.Join("; ", expected), shown, problems);
    }

    /// <summary>True when two values match: numbers within |a−b| ≤ tol·max(1,|a|,|b|) atom by atom, other atoms equal.</summary>
    public static bool SameValue(string a, string b, double tol)
    {
        var x = a.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var y = b.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (x.Length != y.Length) return false;
        for (int i = 0; i < x.Length; i++)
        {
            bool nx = double.TryParse(x[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var dx);
            bool ny = double.TryParse(y[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var dy);
            if (nx && ny) { if (Math.Abs(dx - dy) > tol * Math.Max(1, Math.Max(Math.Abs(dx), Math.Abs(dy)))) return false; }
            else if (x[i] != y[i]) return false;
        }
        return true;
    }

    private static bool Same(IReadOnlyList<ObservedValue> got, IReadOnlyList<ObservedValue> want, OutputComparison compare, double tol)
    {
        switch (compare)
        {
            case OutputComparison.Last:
                return want.Count == 0 ? got.Count == 0 : got.Count > 0 && SameValue(got[^1].Value, want[^1].Value, tol);
            case OutputComparison.Set:
                if (got.Count != want.Count) return false;
                var left = want.ToList();
                foreach (var g in got)
                {
                    int k = left.FindIndex(w => SameValue(g.Value, w.Value, tol));
                    if (k < 0) return false;
                    left.RemoveAt(k);
                }
                return true;
            default:
                return got.Count == want.Count && got.Zip(want).All(p => SameValue(p.First.Value, p.Second.Value, tol)
                    && (compare != OutputComparison.ByOutput || p.First.Output == p.Second.Output));
        }
    }

    private static IEnumerable<string> CheckProperties(OutputProperties p, IReadOnlyList<ObservedValue> last, double tol)
    {
        // Every numeric atom, so a printed list (a table's contents) is checked element by element.
        var nums = last.SelectMany(v => v.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(a => double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : (double?)null).Where(d => d is not null)
                .Select(d => d!.Value).ToList();
        if (last.Count == 0) yield return "no output observed";
        if (p.Count is int c && last.Count != c) yield return $"expected {c} values, got {last.Count}";
        if (p.MinCount is int mn && last.Count < mn) yield return $"expected at least {mn} values, got {last.Count}";
        if (p.MaxCount is int mx && last.Count > mx) yield return $"expected at most {mx} values, got {last.Count}";
        if (p.Min is double lo && nums.Any(v => v < lo - 1e-6)) yield return $"a value below {lo}: {nums.Min()}";
        if (p.Max is double hi && nums.Any(v => v > hi + 1e-6)) yield return $"a value above {hi}: {nums.Max()}";
        if (p.Integers == true && nums.Any(v => v != Math.Floor(v))) yield return "a non-integer value";
        if (p.Distinct is int k && last.Select(v => v.Value).Distinct().Count() < k) yield return $"fewer than {k} distinct values";
        if (p.ReachesBelow is double rb && !nums.Any(v => v <= rb
            + 1e-6)) yield return $"no value at or below {rb} (lowest {(nums.Count > 0 ? nums.Min() : double.NaN)})";
        if (p.ReachesAbove is double ra && !nums.Any(v => v >= ra
            - 1e-6)) yield return $"no value at or above {ra} (highest {(nums.Count > 0 ? nums.Max() : double.NaN)})";
        if (p.MaxStep is double ms)
        {
            var jump = Enumerable.Range(1, Math.Max(0, nums.Count - 1)).FirstOrDefault(i => Math.Abs(nums[i] - nums[i - 1]) > ms + 1e-6);
            if (jump > 0) yield return $"successive values differ by more than {ms} ({nums[jump - 1]} then {nums[jump]})";
        }
        if (p.NonDecreasing == true)
        {
            var fall = Enumerable.Range(1, Math.Max(0, nums.Count - 1)).FirstOrDefault(i => nums[i] < nums[i - 1] - 1e-6);
            if (fall > 0) yield return $"a value went down ({nums[fall - 1]} then {nums[fall]})";
        }
        if (p.Last is string l && (last.Count == 0 || !SameValue(last[^1].Value, l, tol))) yield return $"expected last value {l}";
    }

    private static IEnumerable<string> CheckAudio(AudioExpectation a, AudioMeasure m, AudioMeasure? reference)
    {
        if (a.Sounding == true && !m.Sounding) yield return $"expected sound, peak level {m.PeakDb:0.#} dBFS";
        if (a.Sounding == false && m.Sounding) yield return $"expected silence, peak level {m.PeakDb:0.#} dBFS";
        if (a.Pitch is double hz)
        {
            if (m.MedianPitchHz is not double got) yield return $"expected pitch {hz} Hz, no pitch found";
            else if (Math.Abs(1200 * Math.Log2(got / hz)) > 50) yield return $"expected pitch {hz} Hz, median {got:0.#} Hz";
        }
        if (a.PitchChanges == true && m.Semitones.Count < 2) yield return $"expected a changing pitch, saw " +
            $"{(m.Semitones.Count == 0 ? "none" : string.Join(", ", m.Semitones))} (MIDI)";
        if (a.Broadband == true && (m.Flatness < AudioMeasures.BroadbandFlatness
            || !m.Sounding)) yield return $"expected a noise-like spectrum, flatness {m.Flatness:0.###}";
        if (a.LikeReference is string how)
        {
            if (reference is null) yield return "the reference's recording is unavailable";
            else if (!reference.Sounding) yield return "the reference's recording is silent";
            else if (!m.Sounding) yield return $"the reference sounds, this is silent (peak {m.PeakDb:0.#} dBFS)";
            else if (how == "level" && Math.Abs(m.RmsDb - reference.RmsDb) > LevelToleranceDb)
                yield return $"level {m.RmsDb:0.#} dBFS, reference {reference.RmsDb:0.#} dBFS (tolerance {LevelToleranceDb} dB)";
            else if (how == "spectrum" && AudioMeasures.SpectrumDistance(m.Bands, reference.Bands) is var d && d > SpectrumTolerance)
                yield return $"spectrum differs from the reference's (band distance {d:0.##} > {SpectrumTolerance})";
        }
    }

    /// <summary>Largest L1 distance between band shares that counts as "like the reference" (0–2 scale).</summary>
    public const double SpectrumTolerance = 0.3;

    /// <summary>Largest RMS level difference that counts as "like the reference".</summary>
    public const double LevelToleranceDb = 6;

    private static string Show(IReadOnlyList<ObservedValue> values) => "[" + string.Join(", ", values.Select(v => v.Value)) + "]";

    private static string Show(IReadOnlyList<IReadOnlyList<ObservedValue>> obs) => obs.Count == 0 ? "no observation" : string.Join(" ", obs.Select(Show));

    private static string DescribeProperties(OutputProperties p)
    {
        var parts = new List<string>();
        if (p.Count is int c) parts.Add($"count {c}");
        if (p.MinCount is int a) parts.Add($"min-count {a}");
        if (p.MaxCount is int b) parts.Add($"max-count {b}");
        if (p.Min is double lo) parts.Add($"min {lo}");
        if (p.Max is double hi) parts.Add($"max {hi}");
        if (p.Integers == true) parts.Add("integers");
        if (p.Distinct is int k) parts.Add($"distinct {k}");
        if (p.ReachesBelow is double rb) parts.Add($"reaches below {rb}");
        if (p.ReachesAbove is double ra) parts.Add($"reaches above {ra}");
        if (p.MaxStep is double ms) parts.Add($"max step {ms}");
        if (p.NonDecreasing == true) parts.Add("non-decreasing");
        if (p.Last is string l) parts.Add($"last {l}");
        return string.Join(", ", parts);
    }

    private static string DescribeAudio(AudioExpectation a)
    {
        var parts = new List<string>();
        if (a.Sounding is bool s) parts.Add(s ? "sounding" : "silent");
        if (a.Pitch is double hz) parts.Add($"pitch {hz} Hz");
        if (a.PitchChanges == true) parts.Add("pitch changes");
        if (a.Broadband == true) parts.Add("broadband");
        if (a.LikeReference is string r) parts.Add($"like the reference ({r})");
        return string.Join(", ", parts);
    }

    private static string DescribeFrames(FrameExpectation f)
    {
        var parts = new List<string>();
        if (f.Drawn is bool d) parts.Add(d ? "something drawn" : "nothing drawn");
        if (f.Colour is string c) parts.Add($"mostly {c}");
        if (f.Moves is bool m) parts.Add(m ? "moving" : "still");
        if (f.Changes is bool ch) parts.Add(ch ? "changed since the first observation" : "same as the first observation");
        return string.Join(", ", parts);
    }

    private static string DescribeMeasure(AudioMeasure m) =>
        $"peak {m.PeakDb:0.#} dBFS" + (m.MedianPitchHz is double p ? $", pitch {p:0.#} Hz" : "") + $", flatness {m.Flatness:0.###}";
}
