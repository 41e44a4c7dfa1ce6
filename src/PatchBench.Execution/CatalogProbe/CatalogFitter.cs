using PatchBench.Pd.Catalog;
using PatchBench.Pd.Syntax;

namespace PatchBench.Execution.CatalogProbe;

/// <summary>
/// Turns probe observations into a catalog profile: which names exist, which are aliases of which
/// class (Pd prints the real class name), and a rule per class that reproduces every observation.
/// Rules are fitted (<c>variants</c> by argument count) or, for the few classes whose ports depend
/// on argument values or text, given by a known rule kind; either way every observation is checked
/// against the rule and disagreements are reported, never hidden.
/// </summary>
public static class CatalogFitter
{
    /// <summary>The result: the profile, and every disagreement or oddity found while fitting.</summary>
    /// <param name="Profile">The fitted profile.</param>
    /// <param name="Problems">Observations the catalog does not reproduce.</param>
    /// <param name="Absent">Probed names Pd could not create with any arguments.</param>
    /// <param name="UnmodeledFailures">Boxes Pd refused to create (wrong argument types) where the catalog gives ports: the catalog does not model argument
    /// types.</param>
    /// <param name="Unprobed">Boxes Pd gave no answer for (hung past the per-case timeout, or exited), as <c>[box]: reason</c>; the fit ignores them.</param>
    /// <param name="UnprobedClasses">Names with no answered box at all: not in the catalog, though Pd may know them.</param>
    public sealed record Result(CatalogProfile Profile, IReadOnlyList<string> Problems, IReadOnlyList<string> Absent, IReadOnlyList<string> UnmodeledFailures,
        IReadOnlyList<string> Unprobed, IReadOnlyList<string> UnprobedClasses);

    /// <summary>Names whose Pd class is not itself a probed name but which are aliases (Pd names both <c>canvas</c>).</summary>
    private static readonly Dictionary<string, string> AliasHints = new() { ["page"] = "pd" };

    /// <summary>Ports of the abstraction the probe clones (see <see cref="PortProbe.CloneAbstractionText"/>).</summary>
    private static readonly ObjectPorts CloneAbstractionPorts = new(PortPattern.Parse("sc"), PortPattern.Parse("sc"));

    /// <summary>Rules that are not fitted by argument count: the kind is known, the probe checks it.</summary>
    public static PortRule? KnownRule(string name)
    {
        static VariantsRule MidiIn(string withChannel, string omni) => new([
            new PortVariant([new ArgumentCondition(FloatArg: 0, Compare: "ne", Value: 0)], new PortRow(""), new PortRow(withChannel)),
            new PortVariant([], new PortRow(""), new PortRow(omni)),
        ]);
        return name switch
        {
            "expr" => new ExprRule(false),
            "expr~" or "fexpr~" => new ExprRule(true),
            "sigmund~" => new NamedOutputsRule("s", ["pitch", "env", "note", "notes", "peaks", "tracks"],
                ["-npts", "-hop", "-npeak", "-maxfreq", "-vibrato", "-stabletime", "-growth", "-minpower", "-param1", "-param2", "-param3"], 2,
                    PortKind.Control),
            "clone" => new AbstractionRule(["-s"], ["-x"]),
            "notein" or "polytouchin" => MidiIn("cc", "ccc"),
            "pgmin" or "bendin" or "touchin" => MidiIn("c", "cc"),
            // ctlin: no arguments → value, controller, channel; a controller number ≥ 0 drops the
            // controller outlet; a nonzero channel drops the channel outlet (and the controller outlet).
            "ctlin" => new VariantsRule([
                new PortVariant([new ArgumentCondition(FloatArg: 1, Compare: "ne", Value: 0, Integer: true)], new PortRow(""), new PortRow("c")),
                new PortVariant([new ArgumentCondition(MaxArgs: 0)], new PortRow(""), new PortRow("ccc")),
                new PortVariant([new ArgumentCondition(FloatArg: 0, Compare: "lt", Value: 0, Integer: true)], new PortRow(""), new PortRow("ccc")),
                new PortVariant([], new PortRow(""), new PortRow("cc")),
            ]),
            // Channel counts: the first argument (1 to 64 channels), or pd~'s -ninsig/-noutsig (default 2, at least 1).
            "readsf~" => new VariantsRule([new PortVariant([], new PortRow("c"), new PortRow("", "s", "c", new RepeatCount(FloatArg: 0, Min: 1, Max: 64)))]),
            "writesf~" => new VariantsRule([new PortVariant([], new PortRow("", "s", "", new RepeatCount(FloatArg: 0, Min: 1, Max: 64)), new PortRow(""))]),
            "pd~" => new VariantsRule([new PortVariant([],
                new PortRow("", "s", "", new RepeatCount(Flag: "-ninsig", Default: 2, Min: 1)),
                new PortRow("c", "s", "", new RepeatCount(Flag: "-noutsig", Default: 2, Min: 1)))]),
            // netreceive: -u (UDP) drops the connection-count outlet, -f adds a sender-address outlet.
            "netreceive" => new VariantsRule([
                new PortVariant([new ArgumentCondition(Has: "-u"), new ArgumentCondition(Has: "-f")], new PortRow("c"), new PortRow("cc")),
                new PortVariant([new ArgumentCondition(Has: "-u")], new PortRow("c"), new PortRow("c")),
                new PortVariant([new ArgumentCondition(Has: "-f")], new PortRow("c"), new PortRow("ccc")),
                new PortVariant([], new PortRow("c"), new PortRow("cc")),
            ]),
            // text sequence: -w (after the text's name) adds a wait outlet unless -g (global) is given.
            "text sequence" => new VariantsRule([
                new PortVariant([new ArgumentCondition(Has: "-w", From: 1), new ArgumentCondition(Lacks: "-g", From: 1)], new PortRow("cc"),
                    new PortRow("ccc")),
                new PortVariant([], new PortRow("cc"), new PortRow("cc")),
            ]),
            // bonk~: numbers first are the old style (hop, signal count); otherwise -nsigs N. One signal
            // inlet and one list outlet per signal (1 to 8), plus the "cooked" outlet.
            "bonk~" => new VariantsRule([
                new PortVariant([new ArgumentCondition(FloatAt: 0)],
                    new PortRow("", "s", "", new RepeatCount(FloatArg: 1, Min: 1, Max: 8)),
                        new PortRow("c", "c", "", new RepeatCount(FloatArg: 1, Min: 1, Max: 8))),
                new PortVariant([],
                    new PortRow("", "s", "", new RepeatCount(Flag: "-nsigs", Default: 1, Min: 1, Max: 8)),
                        new PortRow("c", "c", "", new RepeatCount(Flag: "-nsigs", Default: 1, Min: 1, Max: 8))),
            ]),
            // cyclone's matrix~: as many signal inlets as the first argument says and signal outlets as the
            // second (at least one each), then a control outlet.
            "matrix~" => new VariantsRule([new PortVariant([],
                new PortRow("", "s", "", new RepeatCount(FloatArg: 0, Min: 1)), new PortRow("", "s", "c", new RepeatCount(FloatArg: 1, Min: 1)))]),
            _ => null,
        };
    }

    /// <summary>Builds the vanilla profile from observations of <see cref="ProbePlan.AllCases"/>.</summary>
    /// <param name="observations">What Pd reported.</param>
    /// <param name="extraDir">Pd's <c>extra</c> folder, to tell externals and abstractions from built-in classes.</param>
    /// <param name="pdVersion">The probed Pd's version.</param>
    /// <param name="profileName">The profile's name (<c>vanilla</c>, or a library profile such as <c>gem</c>).</param>
    /// <param name="extends">The profile a library profile adds to (<c>vanilla</c>), or null.</param>
    public static Result Fit(IReadOnlyList<ProbeObservation> observations, string extraDir, string pdVersion, string profileName = "vanilla",
        string? extends = null)
    {
        // A box Pd hung in says nothing about its class: neither created nor refused.
        var unprobed = observations.Where(o => o.Unprobed is not null).ToList();
        var unprobedClasses = unprobed.Select(o => o.Case.Name).Distinct()
            .Where(n => observations.All(o => o.Case.Name != n || o.Unprobed is not null)).Order(StringComparer.Ordinal).ToArray();
        observations = observations.Where(o => o.Unprobed is null).ToList();
        var problems = new List<string>();
        var absent = new List<string>();
        var byName = observations.GroupBy(o => o.Case.Name).ToDictionary(g => g.Key, g => g.ToList());
        var pdClass = new Dictionary<string, string>();
        var existing = new List<string>();
        foreach (var (name, obs) in byName)
        {
            var created = obs.Where(o => o.Created).ToList();
            if (created.Count == 0) { absent.Add(name); continue; }
            existing.Add(name);
            pdClass[name] = created.Select(o => o.PdClassName).FirstOrDefault(c => c is not null) ?? name;
        }

        // Aliases: a name whose Pd class is another probed name and that behaves identically on the same arguments.
        var aliasOf = new Dictionary<string, string>();
        foreach (var name in existing)
        {
            var target = AliasHints.GetValueOrDefault(name) ?? pdClass[name];
            if (target == name || !pdClass.ContainsKey(target) || ProbePlan.Families.ContainsKey(name)) continue;
            if (SameBehaviour(byName[name], byName[target])) aliasOf[name] = target;
        }

        var classes = new List<ObjectClass>();
        foreach (var name in existing.Where(n => !aliasOf.ContainsKey(n)).Order(StringComparer.Ordinal))
        {
            var obs = byName[name].Where(o => o.Created).ToList();
            var aliases = aliasOf.Where(kv => kv.Value == name).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToArray();
            var origin = Directory.Exists(Path.Combine(extraDir, name)) ? ClassOrigin.Extra
                : File.Exists(Path.Combine(extraDir, name + ".pd")) ? ClassOrigin.Abstraction : ClassOrigin.Builtin;
            PortRule rule;
            if (ProbePlan.Families.TryGetValue(name, out var family))
                rule = new SubcommandRule(name, family.Default, family.Members);
            else
            {
                // Library classes often take a port count as their first argument (cyclone's [gate 3] has 3
                // outlets): when the argument count does not explain the ports, try the first number.
                var own = new List<string>();
                rule = KnownRule(name) ?? FitByArgumentCount(name, obs, own);
                if (own.Count > 0 && FitByFirstNumber(obs) is { } byNumber) rule = byNumber;
                else problems.AddRange(own);
            }
            var evidence = obs.Select(o => new ProbeEvidence(o.Case.Arguments, o.Inlets, o.Outlets)).ToArray();
            var all = byName[name].Concat(aliases.SelectMany(a => byName[a])).ToList();
            var types = ProbePlan.Families.ContainsKey(name) ? null : InferArgumentTypes(all);
            classes.Add(new ObjectClass(name, aliases, origin, rule, evidence, types));
        }
        var profile = new CatalogProfile(profileName, extends, pdVersion, classes);
        var (disagreements, unmodeled) = Verify(profile, observations);
        problems.AddRange(disagreements);
        return new Result(profile, problems, absent, unmodeled, unprobed.Select(o => $"[{o.Case.BoxText}]: {o.Unprobed}").ToArray(), unprobedClasses);
    }

    /// <summary>
    /// Compares the catalog's answer with Pd's for every observation: one line per disagreement, and
    /// separately the boxes Pd refused to create where the catalog gives ports (argument types are not modelled).
    /// </summary>
    public static (IReadOnlyList<string> Disagreements, IReadOnlyList<string> UnmodeledFailures) Verify(CatalogProfile profile,
        IReadOnlyList<ProbeObservation> observations)
    {
        var catalog = new ObjectCatalog([profile]);
        var problems = new List<string>();
        var unmodeled = new List<string>();
        foreach (var o in observations)
        {
            var words = o.Case.Name.Split(' ');
            var args = PdLexer.Tokenize(o.Case.Arguments);
            var atoms = words.Skip(1).Select(PdAtom.FromWord).Concat(args).ToArray();
            var r = catalog.Resolve(words[0], atoms);
            var expected = o.Created ? $"{o.Inlets}/{o.Outlets}" : "fails";
            var actual = r.Status switch
            {
                ResolutionStatus.Created => $"{PortPattern.Format(r.Ports!.Inlets)}/{PortPattern.Format(r.Ports.Outlets)}",
                ResolutionStatus.NeedsAbstraction when r.AbstractionName == PortProbe.CloneAbstraction =>
                    $"{PortPattern.Format(CloneAbstractionPorts.Inlets)}/{PortPattern.Format(CloneAbstractionPorts.Outlets)}",
                ResolutionStatus.UnknownClass when !o.Created => "fails",
                _ => r.Status.ToString().ToLowerInvariant(),
            };
            if (actual == expected) continue;
            if (!o.Created && r.Status == ResolutionStatus.Created) unmodeled.Add(o.Case.BoxText);
            else problems.Add($"[{o.Case.BoxText}]: Pd says {expected}, catalog says {actual}");
        }
        return (problems, unmodeled);
    }

    private static bool SameBehaviour(List<ProbeObservation> a, List<ProbeObservation> b)
    {
        var other = b.ToDictionary(o => o.Case.Arguments, o => o);
        var compared = 0;
        foreach (var o in a)
        {
            if (!other.TryGetValue(o.Case.Arguments, out var p)) continue;
            compared++;
            if (o.Created != p.Created || o.Inlets != p.Inlets || o.Outlets != p.Outlets) return false;
        }
        return compared > 0;
    }

    /// <summary>
    /// Fits a <c>variants</c> rule on the argument count: explicit variants for small counts and,
    /// from the smallest count where it works, rows that repeat a pattern once per argument.
    /// </summary>
    public static VariantsRule FitByArgumentCount(string name, IReadOnlyList<ProbeObservation> created, List<string> problems)
    {
        // Boxes whose first argument is 0 are fitted afterwards: for A_DEFSYM creators 0 means "no name".
        var groups = created
            .Where(o => !o.Case.Arguments.Split(' ')[0].Equals("0", StringComparison.Ordinal))
            .GroupBy(o => PdLexer.Tokenize(o.Case.Arguments).Count)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var distinct = g.Select(o => (o.Inlets, o.Outlets)).Distinct().ToList();
                if (distinct.Count > 1)
                    problems.Add($"{name}: with {g.Key} argument(s) Pd gives different ports " +
                        $"({string.Join(", ", g.Select(o => $"[{o.Case.BoxText}] {o.Inlets}/{o.Outlets}"))}): not a function of the argument count");
                return (Count: g.Key, distinct[0].Inlets, distinct[0].Outlets);
            })
            .ToList();
        for (var start = 0; start < groups.Count; start++)
        {
            var tail = groups.Skip(start).ToList();
            var inRow = FitRow(tail.Select(g => (g.Count, g.Inlets)).ToList());
            var outRow = FitRow(tail.Select(g => (g.Count, g.Outlets)).ToList());
            if (inRow is null || outRow is null) continue;
            var variants = new List<PortVariant>();
            for (var j = 0; j < start; j++)
            {
                var g = groups[j];
                // Merge with the previous explicit variant when the ports are the same.
                if (variants.Count > 0 && variants[^1].Inlets.Head == g.Inlets && variants[^1].Outlets.Head == g.Outlets)
                    variants[^1] = variants[^1] with { When = [new ArgumentCondition(MaxArgs: g.Count)] };
                else
                    variants.Add(new PortVariant([new ArgumentCondition(MaxArgs: g.Count)], new PortRow(g.Inlets), new PortRow(g.Outlets)));
            }
            variants.Add(new PortVariant([], inRow, outRow));
            return new VariantsRule(NoteEmptySymbolDefault(variants, created));
        }
        throw new InvalidOperationException("unreachable: a single group always fits");
    }

    /// <summary>
    /// Fits a rule whose ports repeat once per unit of the first argument read as a number (at least some
    /// minimum), with a fixed row when that number is missing, a symbol or at most 0: <c>[gate 3]</c> has 3
    /// outlets, <c>[gate]</c> 1; <c>[funnel]</c> 2 inlets but <c>[funnel 1]</c> 1. Null unless the rule reproduces
    /// every created observation, later arguments included.
    /// </summary>
    public static VariantsRule? FitByFirstNumber(IReadOnlyList<ProbeObservation> created)
    {
        var parsed = created.Select(o => (Args: PdLexer.Tokenize(o.Case.Arguments), o.Inlets, o.Outlets)).ToList();
        static int First(IReadOnlyList<PdAtom> a) => a.Count > 0 && a[0].IsFloat ? (int)a[0].Number : 0;
        var unset = parsed.Where(p => First(p.Args) <= 0).ToList();
        var counted = parsed.Where(p => First(p.Args) > 0).Select(p => (N: First(p.Args), p.Inlets, p.Outlets)).ToList();
        if (counted.Select(c => c.N).Distinct().Count() < 2) return null;
        if (unset.Select(u => (u.Inlets, u.Outlets)).Distinct().Count() > 1) return null;
        var inRow = FitRowByNumber(counted.Select(c => (c.N, c.Inlets)).ToList());
        var outRow = FitRowByNumber(counted.Select(c => (c.N, c.Outlets)).ToList());
        if (inRow is null || outRow is null) return null;
        var variants = new List<PortVariant>();
        if (unset.Count > 0)
            variants.Add(new PortVariant([new ArgumentCondition(FloatArg: 0, Compare: "le", Value: 0, Integer: true)], new PortRow(unset[0].Inlets),
                new PortRow(unset[0].Outlets)));
        variants.Add(new PortVariant([], inRow, outRow));
        var rule = new VariantsRule(variants);
        return parsed.All(p => rule.Evaluate(p.Args) is PortRuleResult.Created c
            && PortPattern.Format(c.Ports.Inlets) == p.Inlets && PortPattern.Format(c.Ports.Outlets) == p.Outlets) ? rule : null;
    }

    /// <summary>A row <c>head + each × max(min, n) + tail</c> (one repeated port) through every (n, pattern), or a fixed row; null when none fits.</summary>
    private static PortRow? FitRowByNumber(IReadOnlyList<(int N, string Pattern)> points)
    {
        if (points.Select(p => p.Pattern).Distinct().Count() == 1) return new PortRow(points[0].Pattern);
        for (var min = 0; min <= 4; min++)
        {
            var fixedLength = points.Select(p => p.Pattern.Length - Math.Max(min, p.N)).Distinct().ToList();
            if (fixedLength.Count != 1 || fixedLength[0] < 0) continue;
            var (n0, p0) = points[0];
            var c0 = Math.Max(min, n0);
            for (var h = 0; h <= fixedLength[0]; h++)
            {
                string head = p0[..h], each = p0.Substring(h, 1), tail = p0[(h + c0)..];
                if (points.All(p => p.Pattern == head + string.Concat(Enumerable.Repeat(each, Math.Max(min, p.N))) + tail))
                    return new PortRow(head, each, tail, new RepeatCount(FloatArg: 0, Min: min));
            }
        }
        return null;
    }

    /// <summary>
    /// Infers a typed creator's argument types from which boxes Pd refused: position k is <c>f</c>
    /// when, among boxes whose earlier arguments fit, every one with a symbol there was refused and one
    /// with a number was created (and the other way round for <c>s</c>; 0 is ambiguous and ignored).
    /// The first position where both kinds were created, or there is no evidence, ends the signature.
    /// The result is kept only if it then explains exactly which of the class's boxes Pd refused.
    /// </summary>
    public static string? InferArgumentTypes(IReadOnlyList<ProbeObservation> observations)
    {
        if (observations.All(o => o.Created)) return null;
        var parsed = observations.Select(o => (o.Created, Args: PdLexer.Tokenize(o.Case.Arguments))).ToList();
        var types = "";
        for (var k = 0; k < 6; k++)
        {
            bool Fits(IReadOnlyList<PdAtom> args) => new ObjectClass("", [], ClassOrigin.Builtin, VariantsRule.Fixed("", ""), [], types.Length == 0 ? null
                : types).ArgumentTypeError(args) is null;
            var here = parsed.Where(p => p.Args.Count > k && Fits(p.Args.Take(k).ToArray()) && !(p.Args[k].IsFloat && p.Args[k].Number == 0)).ToList();
            bool floatOk = here.Any(p => p.Created && p.Args[k].IsFloat), symbolOk = here.Any(p => p.Created && p.Args[k].Kind == PdAtomKind.Symbol);
            bool floatBad = here.Any(p => p.Args[k].IsFloat) && !floatOk, symbolBad = here.Any(p => p.Args[k].Kind == PdAtomKind.Symbol) && !symbolOk;
            if (floatOk && symbolBad) types += "f";
            else if (symbolOk && floatBad) types += "s";
            else break;
        }
        if (types.Length == 0) return null;
        var candidate = new ObjectClass("", [], ClassOrigin.Builtin, VariantsRule.Fixed("", ""), [], types);
        return parsed.All(p => p.Created == (candidate.ArgumentTypeError(p.Args) is null)) ? types : null;
    }

    /// <summary>
    /// Pd reads a 0 where a creator wants an optional symbol (A_DEFSYM) as the empty symbol, so
    /// <c>[value 0]</c> has the ports of <c>[value]</c>. When Pd shows that for a class (its "0" box has
    /// the no-argument ports and the count rule would say otherwise), the no-argument variant's
    /// condition becomes "argument 0 missing or 0".
    /// </summary>
    private static List<PortVariant> NoteEmptySymbolDefault(List<PortVariant> variants, IReadOnlyList<ProbeObservation> created)
    {
        if (variants.Count < 2 || variants[0].When is not [{ MaxArgs: 0, MinArgs: null, FloatArg: null }]) return variants;
        var zero = created.FirstOrDefault(o => o.Case.Arguments == "0");
        if (zero is null) return variants;
        var first = variants[0];
        if (zero.Inlets != first.Inlets.Head || zero.Outlets != first.Outlets.Head) return variants;
        var rule = new VariantsRule(variants);
        if (rule.Evaluate(PdLexer.Tokenize("0")) is PortRuleResult.Created c &&
            PortPattern.Format(c.Ports.Inlets) == zero.Inlets && PortPattern.Format(c.Ports.Outlets) == zero.Outlets) return variants;
        variants[0] = first with { When = [new ArgumentCondition(EmptySymbolAt: 0)] };
        return variants;
    }

    /// <summary>Finds head + each×(n + offset) + tail reproducing every (n, pattern), or null; offsets 0, -1, -2 are tried.</summary>
    private static PortRow? FitRow(IReadOnlyList<(int Count, string Pattern)> points)
    {
        if (points.Select(p => p.Pattern).Distinct().Count() == 1) return new PortRow(points[0].Pattern);
        var (n1, s1) = points[0];
        var (n2, s2) = points[^1];
        if (n2 == n1 || (s2.Length - s1.Length) % (n2 - n1) != 0) return null;
        var eachLength = (s2.Length - s1.Length) / (n2 - n1);
        if (eachLength <= 0) return null;
        for (var offset = 0; offset >= -2; offset--)
        {
            if (n1 + offset < 0) break;
            var fixedLength = s1.Length - eachLength * (n1 + offset);
            if (fixedLength < 0) continue;
            var count = offset == 0 ? null : new RepeatCount(Offset: offset);
            for (var h = 0; h <= fixedLength; h++)
            {
                var row = new PortRow(s2[..h], s2.Substring(h, eachLength), s2[(h + eachLength * (n2 + offset))..], count);
                if (points.All(p => PortPattern.Format(row.For(p.Count)) == p.Pattern)) return row;
            }
        }
        return null;
    }
}
