namespace PatchBench.Pd.Catalog;

/// <summary>Where a class comes from in a Pd installation.</summary>
public enum ClassOrigin
{
    /// <summary>Compiled into Pd itself.</summary>
    Builtin,
    /// <summary>A compiled external shipped with Pd in its <c>extra</c> folder (e.g. <c>sigmund~</c>, <c>bonk~</c>).</summary>
    Extra,
    /// <summary>An abstraction (<c>NAME.pd</c>) shipped in <c>extra</c> (e.g. <c>output~</c>, <c>rev1~</c>).</summary>
    Abstraction,
}

/// <summary>
/// What a piece of probe evidence says: for <c>[Class Args]</c>, Pd reported these ports.
/// </summary>
/// <param name="Arguments">The creation arguments as written in the box.</param>
/// <param name="Inlets">The inlets Pd reported, as a <see cref="PortPattern"/>.</param>
/// <param name="Outlets">The outlets Pd reported, as a <see cref="PortPattern"/>.</param>
public sealed record ProbeEvidence(string Arguments, string Inlets, string Outlets);

/// <summary>One object class of a profile.</summary>
/// <param name="Name">The canonical name (Pd's own class name: <c>trigger</c>, <c>list append</c>).</param>
/// <param name="Aliases">Other names that create it (<c>t</c>).</param>
/// <param name="Origin">Builtin, extra external or extra abstraction.</param>
/// <param name="Rule">How its ports follow from its creation arguments.</param>
/// <param name="Evidence">The probe observations the rule was fitted to or checked against.</param>
/// <param name="ArgumentTypes">
/// For a class whose creator takes typed arguments, one letter per leading argument: <c>f</c> a
/// number, <c>s</c> a symbol (or the number 0, which Pd reads as the empty symbol). Pd refuses the box
/// ("bad arguments … to object 'objectmaker'") when a present argument has the wrong type; further
/// arguments are ignored. Null: any arguments.
/// </param>
public sealed record ObjectClass(string Name, IReadOnlyList<string> Aliases, ClassOrigin Origin, PortRule Rule, IReadOnlyList<ProbeEvidence> Evidence,
    string? ArgumentTypes = null)
{
    /// <summary>Null when the arguments fit <see cref="ArgumentTypes"/>, else why Pd refuses them. Dollar arguments fit anything.</summary>
    public string? ArgumentTypeError(IReadOnlyList<Syntax.PdAtom> arguments)
    {
        if (ArgumentTypes is null) return null;
        for (var i = 0; i < ArgumentTypes.Length && i < arguments.Count; i++)
        {
            var a = arguments[i];
            if (a.Kind is Syntax.PdAtomKind.Dollar or Syntax.PdAtomKind.DollarSymbol) continue;
            var ok = ArgumentTypes[i] == 'f' ? a.IsFloat : a.Kind == Syntax.PdAtomKind.Symbol || (a.IsFloat && a.Number == 0);
            if (!ok)
                return $"bad arguments for [{Name}]: argument {i + 1} ('{a.Value}') must be a {(ArgumentTypes[i] == 'f' ? "number" : "symbol")}";
        }
        return null;
    }
}
