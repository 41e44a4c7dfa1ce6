using PatchBench.Pd.Syntax;

namespace PatchBench.Pd.Catalog;

/// <summary>
/// Where the repeat count of a <see cref="PortRow"/> comes from: by default the number of creation
/// arguments; or the value of argument <see cref="FloatArg"/> (<c>[readsf~ 4]</c>); or the number
/// after the flag <see cref="Flag"/> (<c>[pd~ -ninsig 3]</c>); plus <see cref="Offset"/> (the argument
/// count minus one gives <c>[get tmpl x y]</c> its field outlets); clamped to [<see cref="Min"/>, <see cref="Max"/>].
/// </summary>
/// <param name="FloatArg">Index of the argument holding the count (a missing or symbol argument counts as 0).</param>
/// <param name="Flag">A flag followed by the count.</param>
/// <param name="Default">The count when <see cref="Flag"/> is absent.</param>
/// <param name="Min">Smallest count.</param>
/// <param name="Max">Largest count.</param>
/// <param name="Offset">Added to the count before clamping.</param>
public sealed record RepeatCount(int? FloatArg = null, string? Flag = null, int Default = 0, int Min = 0, int Max = int.MaxValue, int Offset = 0)
{
    /// <summary>The number of creation arguments (the default).</summary>
    public static RepeatCount Arguments { get; } = new();

    /// <summary>True for the default (argument count).</summary>
    public bool IsArgumentCount => FloatArg is null && Flag is null && Min == 0 && Max == int.MaxValue && Offset == 0;

    /// <summary>The count for these arguments.</summary>
    public int For(IReadOnlyList<PdAtom> arguments)
    {
        int n;
        if (FloatArg is { } i)
            n = i < arguments.Count && arguments[i].IsFloat ? (int)arguments[i].Number : 0;
        else if (Flag is { } flag)
        {
            n = Default;
            for (var j = 0; j + 1 < arguments.Count; j++)
                if (arguments[j].IsSymbol && arguments[j].Value == flag && arguments[j + 1].IsFloat)
                    n = (int)arguments[j + 1].Number;
        }
        else
            n = arguments.Count;
        return Math.Clamp(n + Offset, Min, Max);
    }
}

/// <summary>
/// How one row of ports (the inlets, or the outlets) follows from the creation arguments:
/// <see cref="Head"/>, then <see cref="Each"/> repeated <see cref="Count"/> times (by default once per
/// argument), then <see cref="Tail"/>. A fixed row is just a head (<c>"sc"</c>); <c>[pack f f f]</c>'s
/// inlets are <c>each: "c"</c>.
/// </summary>
/// <param name="Head">Ports before the repeated ones (a <see cref="PortPattern"/>).</param>
/// <param name="Each">Ports repeated (usually empty).</param>
/// <param name="Tail">Ports after the repeated ones.</param>
/// <param name="Count">Where the repeat count comes from (null: the number of arguments).</param>
public sealed record PortRow(string Head, string Each = "", string Tail = "", RepeatCount? Count = null)
{
    /// <summary>The ports for these creation arguments.</summary>
    public IReadOnlyList<PortKind> For(IReadOnlyList<PdAtom> arguments)
    {
        if (Each.Length == 0) return Repeated(0);
        return Repeated((Count ?? RepeatCount.Arguments).For(arguments));
    }

    /// <summary>The ports for <paramref name="argumentCount"/> arguments (for rows counted from the argument count).</summary>
    public IReadOnlyList<PortKind> For(int argumentCount)
    {
        if (Each.Length == 0) return Repeated(0);
        var c = Count ?? RepeatCount.Arguments;
        return Repeated(Math.Clamp(argumentCount + c.Offset, c.Min, c.Max));
    }

    // Rows are evaluated for every object box a linter sees: the ports for small repeat counts are parsed once
    // and shared (read-only). The memo remembers which patterns it was made from, so a copy made with 'with'
    // and other patterns does not reuse it.
    private Memo<RowPorts> _ports;

    private PortKind[] Repeated(int n)
    {
        var memo = _ports.Value;
        if (memo is null || !ReferenceEquals(memo.Head, Head) || !ReferenceEquals(memo.Each, Each) || !ReferenceEquals(memo.Tail, Tail))
            _ports.Value = memo = new RowPorts(Head, Each, Tail);
        if ((uint)n >= (uint)memo.ByCount.Length) return Parse(n);
        return memo.ByCount[n] ??= Parse(n);
    }

    private PortKind[] Parse(int n) =>
        PortPattern.Parse(n == 0 ? Head + Tail : Head + string.Concat(Enumerable.Repeat(Each, n)) + Tail);

    private sealed class RowPorts(string head, string each, string tail)
    {
        public readonly string Head = head, Each = each, Tail = tail;
        public readonly PortKind[]?[] ByCount = new PortKind[]?[64];
    }

    /// <summary>True when the row does not depend on the arguments.</summary>
    public bool IsFixed => Each.Length == 0;
}

/// <summary>
/// A test on the creation arguments that selects a <see cref="PortVariant"/>. All set parts must hold.
/// </summary>
/// <param name="MinArgs">At least this many arguments (null: no lower bound).</param>
/// <param name="MaxArgs">At most this many arguments (null: no upper bound).</param>
/// <param name="FloatArg">Index of an argument read the way Pd's <c>atom_getfloatarg</c> reads it
/// (a missing or symbol argument counts as 0), compared with <see cref="Compare"/> to <see cref="Value"/>.</param>
/// <param name="Compare">One of <c>eq</c>, <c>ne</c>, <c>lt</c>, <c>le</c>, <c>gt</c>, <c>ge</c>.</param>
/// <param name="Value">The number <see cref="FloatArg"/> is compared with.</param>
/// <param name="Has">A symbol (usually a flag such as <c>-u</c>) that must be among the arguments.</param>
/// <param name="Lacks">A symbol that must not be among the arguments.</param>
/// <param name="FloatAt">Index of an argument that must be present and a number.</param>
/// <param name="EmptySymbolAt">Index of an argument that must be missing or the number 0: what Pd's
/// <c>A_DEFSYM</c> argument reading takes for the empty symbol (<c>[value 0]</c> is <c>[value]</c>).</param>
/// <param name="Integer">Compare <see cref="FloatArg"/> truncated to an integer, as a C <c>int</c> variable holds it.</param>
/// <param name="From">The first argument index <see cref="Has"/> and <see cref="Lacks"/> look at (flags after a name).</param>
public sealed record ArgumentCondition(int? MinArgs = null, int? MaxArgs = null, int? FloatArg = null, string Compare = "eq", double Value = 0,
    string? Has = null, string? Lacks = null, int? FloatAt = null, int? EmptySymbolAt = null, bool Integer = false, int From = 0)
{
    /// <summary>True when the arguments pass the test.</summary>
    public bool Holds(IReadOnlyList<PdAtom> arguments)
    {
        if (MinArgs is { } min && arguments.Count < min) return false;
        if (MaxArgs is { } max && arguments.Count > max) return false;
        if (FloatArg is { } index)
        {
            var f = index < arguments.Count && arguments[index].IsFloat ? arguments[index].Number : 0;
            if (Integer) f = Math.Truncate(f);
            var ok = Compare switch
            {
                "eq" => f == Value,
                "ne" => f != Value,
                "lt" => f < Value,
                "le" => f <= Value,
                "gt" => f > Value,
                "ge" => f >= Value,
                _ => false,
            };
            if (!ok) return false;
        }
        if (FloatAt is { } at && !(at < arguments.Count && arguments[at].IsFloat)) return false;
        if (EmptySymbolAt is { } e && e < arguments.Count && !(arguments[e].IsFloat && arguments[e].Number == 0)) return false;
        if (Has is not null && !HasSymbol(arguments, Has)) return false;
        if (Lacks is not null && HasSymbol(arguments, Lacks)) return false;
        return true;
    }

    private bool HasSymbol(IReadOnlyList<PdAtom> arguments, string symbol)
    {
        for (var i = Math.Max(0, From); i < arguments.Count; i++)
            if (arguments[i].IsSymbol && arguments[i].Value == symbol) return true;
        return false;
    }

    /// <summary>The compare operators a catalog may use.</summary>
    public static IReadOnlySet<string> Operators { get; } = new HashSet<string> { "eq", "ne", "lt", "le", "gt", "ge" };
}

/// <summary>One case of a <see cref="VariantsRule"/>: when <see cref="When"/> holds, these rows apply.</summary>
/// <param name="When">Conditions, all of which must hold (empty: always).</param>
/// <param name="Inlets">The inlet row.</param>
/// <param name="Outlets">The outlet row.</param>
public sealed record PortVariant(IReadOnlyList<ArgumentCondition> When, PortRow Inlets, PortRow Outlets)
{
    /// <summary>True when every condition holds.</summary>
    public bool Matches(IReadOnlyList<PdAtom> arguments)
    {
        for (var i = 0; i < When.Count; i++)
            if (!When[i].Holds(arguments)) return false;
        return true;
    }

    // The last result, reused while the rows give the same (shared) port arrays: fixed classes then allocate nothing.
    private Memo<PortRuleResult.Created> _last;

    /// <summary>The result for these arguments (the variant must match them).</summary>
    internal PortRuleResult.Created Create(IReadOnlyList<PdAtom> arguments)
    {
        var inlets = Inlets.For(arguments);
        var outlets = Outlets.For(arguments);
        if (_last.Value is { } last && ReferenceEquals(last.Ports.Inlets, inlets) && ReferenceEquals(last.Ports.Outlets, outlets))
            return last;
        var created = new PortRuleResult.Created(new ObjectPorts(inlets, outlets));
        _last.Value = created;
        return created;
    }
}

/// <summary>The outcome of evaluating a rule: ports, or why Pd would not create the object.</summary>
public abstract record PortRuleResult
{
    private PortRuleResult() { }

    /// <summary>Pd creates the object with these ports.</summary>
    public sealed record Created(ObjectPorts Ports) : PortRuleResult;

    /// <summary>Another catalog class takes over (<c>[list split 2]</c> is class <c>list split</c> with arguments <c>2</c>).</summary>
    public sealed record Delegated(string ClassName, IReadOnlyList<PdAtom> Arguments) : PortRuleResult;

    /// <summary>Pd fails to create the object ("couldn't create"): <paramref name="Reason"/> says why.</summary>
    public sealed record Fails(string Reason) : PortRuleResult;

    /// <summary>The ports are those of an abstraction named by an argument (<c>[clone]</c>).</summary>
    public sealed record FromAbstraction(string AbstractionName, IReadOnlyList<PdAtom> AbstractionArguments) : PortRuleResult;
}

/// <summary>
/// A named kind of rule giving an object's ports from its creation arguments. The kinds are
/// <c>variants</c>, <c>expr</c>, <c>subcommand</c>, <c>named-outputs</c> and <c>abstraction</c>
/// (see docs/catalog.md).
/// </summary>
public abstract record PortRule
{
    /// <summary>The rule kind as written in the catalog JSON.</summary>
    public abstract string Kind { get; }

    /// <summary>Applies the rule to creation arguments.</summary>
    public abstract PortRuleResult Evaluate(IReadOnlyList<PdAtom> arguments);
}

/// <summary>
/// <c>variants</c>: the first variant whose conditions hold gives the rows; the rows may repeat a
/// pattern once per argument. Covers fixed classes (one variant, no conditions), argument-count
/// classes (<c>select</c>, <c>trigger</c>, <c>pack</c>, <c>send</c>, <c>+~</c>, <c>dac~</c>…) and
/// argument-value classes (<c>notein 0</c> vs <c>notein 1</c>).
/// </summary>
public sealed record VariantsRule(IReadOnlyList<PortVariant> Variants) : PortRule
{
    /// <inheritdoc />
    public override string Kind => "variants";

    /// <inheritdoc />
    public override PortRuleResult Evaluate(IReadOnlyList<PdAtom> arguments)
    {
        for (var i = 0; i < Variants.Count; i++)
        {
            var v = Variants[i];
            if (v.Matches(arguments))
                return v.Create(arguments);
        }
        return new PortRuleResult.Fails("no variant of the catalog rule matches these arguments");
    }

    /// <summary>A rule with the same ports whatever the arguments.</summary>
    public static VariantsRule Fixed(string inlets, string outlets) =>
        new([new PortVariant([], new PortRow(inlets), new PortRow(outlets))]);
}

/// <summary>
/// <c>subcommand</c>: a family of classes sharing a first word (<c>list append</c>, <c>text get</c>,
/// <c>array size</c>, <c>file which</c>). A first argument that is a symbol names the member
/// (<c>"{Prefix} {symbol}"</c>); with no arguments, or a non-symbol first argument, the
/// <see cref="Default"/> member gets all the arguments. An unknown member fails to create.
/// </summary>
/// <param name="Prefix">The family's first word, e.g. <c>list</c>.</param>
/// <param name="Default">The member used without a sub-command word, e.g. <c>append</c>.</param>
/// <param name="Members">The member words, e.g. <c>append</c>, <c>prepend</c>.</param>
public sealed record SubcommandRule(string Prefix, string Default, IReadOnlyList<string> Members) : PortRule
{
    /// <inheritdoc />
    public override string Kind => "subcommand";

    /// <inheritdoc />
    public override PortRuleResult Evaluate(IReadOnlyList<PdAtom> arguments)
    {
        if (arguments.Count == 0 || arguments[0].Kind != PdAtomKind.Symbol)
            return new PortRuleResult.Delegated($"{Prefix} {Default}", arguments);
        var word = arguments[0].Value;
        if (!Members.Contains(word))
            return new PortRuleResult.Fails($"[{Prefix} {word}]: '{word}' is not one of: {string.Join(", ", Members)}");
        return new PortRuleResult.Delegated($"{Prefix} {word}", PdAtomSlice.From(arguments, 1));
    }
}

/// <summary>
/// <c>named-outputs</c> (<c>sigmund~</c>): each argument that is one of <see cref="Outputs"/> adds one
/// outlet of kind <see cref="OutletKind"/>; flags in <see cref="FlagsWithValue"/> skip their value;
/// with no output named, <see cref="DefaultOutlets"/> outlets.
/// </summary>
public sealed record NamedOutputsRule(string Inlets, IReadOnlyList<string> Outputs, IReadOnlyList<string> FlagsWithValue, int DefaultOutlets,
    PortKind OutletKind) : PortRule
{
    /// <inheritdoc />
    public override string Kind => "named-outputs";

    /// <inheritdoc />
    public override PortRuleResult Evaluate(IReadOnlyList<PdAtom> arguments)
    {
        var outlets = 0;
        for (var i = 0; i < arguments.Count; i++)
        {
            var a = arguments[i];
            if (!a.IsSymbol) continue;
            if (FlagsWithValue.Contains(a.Value)) { i++; continue; }
            if (Outputs.Contains(a.Value)) outlets++;
        }
        if (outlets == 0) outlets = DefaultOutlets;
        return new PortRuleResult.Created(new ObjectPorts(PortPattern.Parse(Inlets), Enumerable.Repeat(OutletKind, outlets).ToArray()));
    }
}

/// <summary>
/// <c>abstraction</c> (<c>clone</c>): the ports are those of a named abstraction. As Pd 0.53's
/// <c>clone_new</c> reads the arguments: none gives an empty object without ports; otherwise leading
/// flags (<see cref="FlagsWithValue"/> take a number, <see cref="Flags"/> none; another flag fails),
/// then <c>count name</c> or <c>name count</c>, where Pd reads the count as a float (a symbol counts
/// as 0) and wants it non-negative. Anything else fails.
/// </summary>
public sealed record AbstractionRule(IReadOnlyList<string> FlagsWithValue, IReadOnlyList<string> Flags) : PortRule
{
    /// <inheritdoc />
    public override string Kind => "abstraction";

    /// <inheritdoc />
    public override PortRuleResult Evaluate(IReadOnlyList<PdAtom> arguments)
    {
        if (arguments.Count == 0) return new PortRuleResult.Created(ObjectPorts.None);
        var i = 0;
        while (i < arguments.Count && arguments[i].IsSymbol && arguments[i].Value.StartsWith('-'))
        {
            var flag = arguments[i].Value;
            if (FlagsWithValue.Contains(flag) && i + 1 < arguments.Count && arguments[i + 1].IsFloat) i += 2;
            else if (Flags.Contains(flag)) i++;
            else return new PortRuleResult.Fails($"unknown flag {flag}");
        }
        var rest = arguments.Skip(i).ToArray();
        double F(int j) => j < rest.Length && rest[j].IsFloat ? rest[j].Number : 0;
        if (rest.Length >= 2 && F(0) >= 0 && rest[1].IsSymbol)
            return new PortRuleResult.FromAbstraction(rest[1].Value, rest.Skip(2).ToArray());
        if (rest.Length >= 2 && F(1) >= 0 && rest[0].IsSymbol)
            return new PortRuleResult.FromAbstraction(rest[0].Value, rest.Skip(2).ToArray());
        return new PortRuleResult.Fails("expected an abstraction name and an instance count");
    }
}
