using YamlDotNet.RepresentationModel;

namespace PatchBench.Harness.Suites;

/// <summary>Reads the <c>checks:</c> list of an item file into <see cref="FunctionalCheck"/>s, recording located problems.</summary>
internal static class CheckParser
{
    static readonly Dictionary<string, InputKind> KindNames = new()
    {
        ["number"] = InputKind.Number, ["symbol"] = InputKind.Symbol, ["list"] = InputKind.List,
        ["toggle"] = InputKind.Toggle, ["bang"] = InputKind.Bang, ["message"] = InputKind.Message,
        ["inlet"] = InputKind.Inlet,
    };

    /// <summary>The kinds each addressing step tries, in order, when the item names none.</summary>
    public static readonly IReadOnlyDictionary<string, InputKind[]> DefaultKinds = new Dictionary<string, InputKind[]>
    {
        ["set"] = [InputKind.Number, InputKind.Inlet],
        ["toggle"] = [InputKind.Toggle, InputKind.Number, InputKind.Inlet],
        ["bang"] = [InputKind.Bang, InputKind.Message, InputKind.Inlet],
        ["click"] = [InputKind.Message],
        ["send"] = [InputKind.Number, InputKind.Symbol, InputKind.List, InputKind.Toggle, InputKind.Bang, InputKind.Inlet],
    };

    static readonly string[] StepNames = ["set", "toggle", "bang", "click", "send", "wait", "observe", "record-audio"];

    public static List<FunctionalCheck> Parse(YamlNode node, string file, List<SuiteProblem> problems)
    {
        var checks = new List<FunctionalCheck>();
        if (node is not YamlSequenceNode list)
        {
            YamlMapping.Problem(problems, file, node, $"'checks' must be a list of checks, found {YamlMapping.Describe(node)}");
            return checks;
        }
        var names = new HashSet<string>();
        foreach (var child in list.Children)
        {
            var m = YamlMapping.Of(child, file, problems, "a check");
            if (m is null) continue;
            var name = m.String("name", "a short description of the check");
            if (name is not null && !names.Add(name)) m.Problem(m.Get("name")!, $"two checks are named '{name}'; names must be unique within an item");
            var steps = ParseSteps(m.Required("steps", "a list of steps"), file, problems);
            var expectNode = m.Required("expect", "'from-reference' or a mapping with outputs/audio");
            bool derived = m.OptionalBool("derived") ?? false;
            m.RejectUnknownKeys(["name", "steps", "expect", "derived"], "a check");
            CheckExpectation? expect = expectNode is null ? null : ParseExpect(expectNode, steps, file, problems);
            if (name is not null && steps is not null && expect is not null)
                checks.Add(new FunctionalCheck(name, steps, expect, (int)child.Start.Line) { Derived = derived });
        }
        return checks;
    }

    static List<CheckStep>? ParseSteps(YamlNode? node, string file, List<SuiteProblem> problems)
    {
        if (node is null) return null;
        if (node is not YamlSequenceNode seq || seq.Children.Count == 0)
        {
            YamlMapping.Problem(problems, file, node, "'steps' must be a non-empty list of steps");
            return null;
        }
        var steps = new List<CheckStep>();
        bool ok = true;
        foreach (var s in seq.Children)
        {
            var step = ParseStep(s, file, problems);
            if (step is null) ok = false; else steps.Add(step);
        }
        return ok ? steps : null;
    }

    static CheckStep? ParseStep(YamlNode node, string file, List<SuiteProblem> problems)
    {
        void P(YamlNode at, string msg) => YamlMapping.Problem(problems, file, at, msg);
        if (node is not YamlMappingNode map || map.Children.Count != 1 || map.Children.First().Key is not YamlScalarNode keyNode)
        {
            P(node, $"a step is one 'action: argument' pair, one of: {string.Join(", ", StepNames)}");
            return null;
        }
        var key = keyNode.Value ?? "";
        var arg = map.Children.First().Value;
        switch (key)
        {
            case "wait":
            case "record-audio":
                if (YamlMapping.TryNumber(arg, out var ms) && ms >= 0 && (key == "wait" || ms > 0))
                    return key == "wait" ? new WaitStep(ms) : new RecordAudioStep(ms);
                P(arg, $"'{key}' takes a duration in milliseconds of logical time, found {YamlMapping.Describe(arg)}");
                return null;
            case "observe":
                if (arg is YamlScalarNode { Value: "outputs" }) return new ObserveStep();
                P(arg, $"'observe' takes 'outputs', found {YamlMapping.Describe(arg)}");
                return null;
            case "bang":
            case "click":
                {
                    var input = ParseInput(key, arg, allowShort: true, file, problems, out _);
                    return input is null ? null : key == "bang" ? new BangStep(input) : new ClickStep(input);
                }
            case "set":
            case "toggle":
                {
                    var input = ParseInput(key, arg, allowShort: false, file, problems, out var m);
                    if (m is null) return null;
                    var v = m.Required("value", "a number");
                    if (v is null) return null;
                    if (!YamlMapping.TryNumber(v, out var value)) { P(v, $"'value' must be a number, found {YamlMapping.Describe(v)}"); return null; }
                    if (key == "toggle" && value is not (0 or 1)) { P(v, "a toggle's 'value' is 0 or 1"); return null; }
                    return input is null ? null : key == "set" ? new SetStep(input, value) : new ToggleStep(input, value);
                }
            case "send":
                {
                    var input = ParseInput(key, arg, allowShort: false, file, problems, out var m);
                    if (m is null) return null;
                    var msg = m.String("message", "a Pd message such as 'symbol apple' or 'list 1 2'");
                    return input is null || msg is null ? null : new SendStep(input, msg);
                }
            default:
                P(keyNode, $"unknown step '{key}'; expected one of: {string.Join(", ", StepNames)}");
                return null;
        }
    }

    static InputRef? ParseInput(string action, YamlNode arg, bool allowShort, string file, List<SuiteProblem> problems, out YamlMapping? mapping)
    {
        mapping = null;
        var defaults = DefaultKinds[action];
        if (allowShort && YamlMapping.TryInteger(arg, out var n))
        {
            if (n >= 1) return new InputRef(n, defaults, action == "send");
            YamlMapping.Problem(problems, file, arg, $"'{action}' input numbers start at 1");
            return null;
        }
        if (arg is not YamlMappingNode)
        {
            YamlMapping.Problem(problems, file, arg, allowShort
                ? $"'{action}' takes an input number (1 = first in reading order) or a mapping {{input: N}}"
                : $"'{action}' takes a mapping such as {{input: 1, {(action == "send" ? "message: symbol apple" : "value: 3")}}}");
            return null;
        }
        var m = mapping = YamlMapping.Of(arg, file, problems, "the step's argument")!;
        int index = 1;
        var inputNode = m.Get("input");
        if (inputNode is not null && (!YamlMapping.TryInteger(inputNode, out index) || index < 1))
        {
            m.Problem(inputNode, $"'input' must be a whole number from 1, found {YamlMapping.Describe(inputNode)}");
            return null;
        }
        IReadOnlyList<InputKind> kinds = defaults;
        bool pooled = action == "send";
        var kindNode = m.Get("kind");
        if (kindNode is not null)
        {
            if (kindNode is YamlScalarNode ks && ks.Value is not null && KindNames.TryGetValue(ks.Value, out var kind))
            {
                kinds = [kind];
                pooled = false;
            }
            else
            {
                m.Problem(kindNode, $"'kind' must be one of: {string.Join(", ", KindNames.Keys)}");
                return null;
            }
        }
        var known = action switch { "set" or "toggle" => new[] { "input", "value", "kind" }, "send" => ["input", "message", "kind"], _ => ["input", "kind"] };
        m.RejectUnknownKeys(known, $"a '{action}' step");
        return new InputRef(index, kinds, pooled);
    }

    static CheckExpectation? ParseExpect(YamlNode node, List<CheckStep>? steps, string file, List<SuiteProblem> problems)
    {
        bool observes = steps?.Any(s => s is ObserveStep) ?? true;
        bool records = steps?.Any(s => s is RecordAudioStep) ?? true;
        if (node is YamlScalarNode { Value: "from-reference" })
        {
            if (!observes && !records)
            {
                YamlMapping.Problem(problems, file, node, "'from-reference' needs an 'observe: outputs' or 'record-audio' step to compare");
                return null;
            }
            return new CheckExpectation(observes ? new FromReference() : null, records ? new AudioExpectation(null, null, null, null, "spectrum") : null);
        }
        var m = YamlMapping.Of(node, file, problems, "'expect' ('from-reference' or outputs/audio/compare/tolerance)");
        if (m is null) return null;
        int before = problems.Count;
        OutputExpectation? outputs = null;
        AudioExpectation? audio = null;
        var compare = OutputComparison.Sequence;
        double tolerance = 1e-4;

        var o = m.Get("outputs");
        if (o is not null)
        {
            if (!observes) m.Problem(o, "an 'outputs' expectation needs an 'observe: outputs' step");
            outputs = ParseOutputs(o, file, problems);
        }
        var a = m.Get("audio");
        if (a is not null)
        {
            if (!records) m.Problem(a, "an 'audio' expectation needs a 'record-audio' step");
            audio = ParseAudio(a, file, problems);
        }
        FrameExpectation? frames = null;
        var f = m.Get("frames");
        if (f is not null)
        {
            if (!observes) m.Problem(f, "a 'frames' expectation needs an 'observe: outputs' step (frames are grouped by observation)");
            frames = ParseFrames(f, file, problems);
        }
        var c = m.Get("compare");
        if (c is not null)
        {
            var name = (c as YamlScalarNode)?.Value;
            compare = name switch
            {
                "sequence" => OutputComparison.Sequence, "last" => OutputComparison.Last,
                "set" => OutputComparison.Set, "by-output" => OutputComparison.ByOutput,
                _ => Fail(c, "'compare' is one of: sequence, last, set, by-output", OutputComparison.Sequence),
            };
        }
        var t = m.Get("tolerance");
        if (t is not null && (!YamlMapping.TryNumber(t, out tolerance) || tolerance < 0))
            m.Problem(t, "'tolerance' is a non-negative relative tolerance such as 0.01");
        if (o is null && a is null && f is null) m.Problem(node, "'expect' needs 'outputs', 'audio' or 'frames'");
        m.RejectUnknownKeys(["outputs", "audio", "frames", "compare", "tolerance"], "'expect'");
        return problems.Count > before ? null : new CheckExpectation(outputs, audio, compare, tolerance) { Frames = frames };

        T Fail<T>(YamlNode at, string msg, T fallback)
        {
            YamlMapping.Problem(problems, file, at, msg);
            return fallback;
        }
    }

    static OutputExpectation? ParseOutputs(YamlNode node, string file, List<SuiteProblem> problems)
    {
        switch (node)
        {
            case YamlScalarNode { Value: "from-reference" }:
                return new FromReference();
            case YamlSequenceNode seq:
                {
                    var values = new List<string>();
                    foreach (var v in seq.Children)
                    {
                        if (v is YamlScalarNode s && s.Value is not null) values.Add(s.Value);
                        else YamlMapping.Problem(problems, file, v, "literal outputs are numbers or messages, one per element");
                    }
                    return new LiteralOutputs(values);
                }
            case YamlMappingNode:
                {
                    var m = YamlMapping.Of(node, file, problems, "output properties")!;
                    int? Int(string k) => m.Get(k) is { } n
                        ? (YamlMapping.TryInteger(n, out var i) && i >= 0 ? i : Bad<int?>(n, $"'{k}' must be a whole number")) : null;
                    double? Num(string k) => m.Get(k) is { } n ? (YamlMapping.TryNumber(n, out var d) ? d : Bad<double?>(n, $"'{k}' must be a number")) : null;
                    var props = new OutputProperties
                    {
                        Count = Int("count"), MinCount = Int("min-count"), MaxCount = Int("max-count"),
                        Min = Num("min"), Max = Num("max"), Integers = m.OptionalBool("integers"), Distinct = Int("distinct"),
                        ReachesBelow = Num("reaches-below"), ReachesAbove = Num("reaches-above"), MaxStep = Num("max-step"),
                            NonDecreasing = m.OptionalBool("non-decreasing"),
                        Last = (m.Get("last") as YamlScalarNode)?.Value,
                    };
                    m.RejectUnknownKeys(["count", "min-count", "max-count", "min", "max", "integers", "distinct", "last", "reaches-below", "reaches-above",
                        "max-step", "non-decreasing"], "output properties");
                    return props;

                    T Bad<T>(YamlNode at, string msg)
                    {
                        YamlMapping.Problem(problems, file, at, msg);
                        return default!;
                    }
                }
            default:
                YamlMapping.Problem(problems, file, node, "'outputs' is 'from-reference', a list of values, or a mapping of properties (count, min, max, …)");
                return null;
        }
    }

    static AudioExpectation? ParseAudio(YamlNode node, string file, List<SuiteProblem> problems)
    {
        var m = YamlMapping.Of(node, file, problems, "'audio' expectations");
        if (m is null) return null;
        double? pitch = null;
        if (m.Get("pitch") is { } p)
        {
            if (YamlMapping.TryNumber(p, out var hz) && hz > 0) pitch = hz;
            else m.Problem(p, "'pitch' is a frequency in Hz");
        }
        string? like = null;
        if (m.Get("like-reference") is { } l)
        {
            like = (l as YamlScalarNode)?.Value;
            if (like is not ("spectrum" or "level")) { m.Problem(l, "'like-reference' is 'spectrum' or 'level'"); like = null; }
        }
        var audio = new AudioExpectation(m.OptionalBool("sounding"), pitch, m.OptionalBool("pitch-changes"), m.OptionalBool("broadband"), like);
        m.RejectUnknownKeys(["sounding", "pitch", "pitch-changes", "broadband", "like-reference"], "'audio'");
        return audio;
    }

    static FrameExpectation? ParseFrames(YamlNode node, string file, List<SuiteProblem> problems)
    {
        var m = YamlMapping.Of(node, file, problems, "'frames' expectations (drawn, colour, moves, changes)");
        if (m is null) return null;
        string? colour = null;
        if (m.Get("colour") is { } c)
        {
            colour = (c as YamlScalarNode)?.Value;
            if (colour is null || !FrameExpectation.Colours.Contains(colour))
            {
                m.Problem(c, $"'colour' is one of: {string.Join(", ", FrameExpectation.Colours)}");
                colour = null;
            }
        }
        var frames = new FrameExpectation(m.OptionalBool("drawn"), colour, m.OptionalBool("moves"), m.OptionalBool("changes"));
        m.RejectUnknownKeys(["drawn", "colour", "moves", "changes"], "'frames'");
        if (frames is { Drawn: null, Colour: null, Moves: null, Changes: null }) m.Problem(node,
            "'frames' needs at least one of drawn, colour, moves, changes");
        return frames;
    }
}
