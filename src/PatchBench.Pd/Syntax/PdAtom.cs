namespace PatchBench.Pd.Syntax;

/// <summary>The kind of one atom in Pd's text format, as <c>binbuf_text</c> classifies it.</summary>
public enum PdAtomKind
{
    /// <summary>A number, e.g. <c>440</c> or <c>-1.5e3</c>.</summary>
    Float,
    /// <summary>Any other word, with escapes already removed from <see cref="PdAtom.Value"/>.</summary>
    Symbol,
    /// <summary>A lone dollar argument such as <c>$1</c> (written <c>\$1</c> in files).</summary>
    Dollar,
    /// <summary>A symbol containing a dollar, such as <c>$0-foo</c>.</summary>
    DollarSymbol,
    /// <summary>An unescaped <c>;</c>. Records end at these; inside a message box it is a message separator.</summary>
    Semicolon,
    /// <summary>An unescaped <c>,</c>.</summary>
    Comma,
}

/// <summary>
/// One atom of a Pd file, with its exact source text (escapes kept) so that writing it back is
/// lossless, and its position for diagnostics.
/// </summary>
/// <param name="Kind">How Pd classifies the token.</param>
/// <param name="Text">The token exactly as written in the file, escapes included.</param>
/// <param name="Value">The token's meaning: escapes removed (<c>\,</c> becomes <c>,</c>).</param>
/// <param name="Number">The numeric value when <paramref name="Kind"/> is <see cref="PdAtomKind.Float"/>, else 0.</param>
/// <param name="Line">1-based line of the token's first character.</param>
/// <param name="Column">1-based column of the token's first character.</param>
public readonly record struct PdAtom(PdAtomKind Kind, string Text, string Value, double Number, int Line, int Column)
{
    /// <summary>True for a float atom.</summary>
    public bool IsFloat => Kind == PdAtomKind.Float;

    /// <summary>True for a symbol atom (with or without dollars).</summary>
    public bool IsSymbol => Kind is PdAtomKind.Symbol or PdAtomKind.DollarSymbol;

    /// <summary>Makes a float atom with canonical text, for patches built in code.</summary>
    public static PdAtom FromNumber(double value) =>
        new(PdAtomKind.Float, PdNumber.Format(value), PdNumber.Format(value), value, 0, 0);

    /// <summary>Makes an atom from a plain word as a user would type it in a box, escaping what needs it.</summary>
    public static PdAtom FromWord(string word) => PdLexer.ClassifyWord(PdLexer.Escape(word), 0, 0);

    /// <inheritdoc />
    public override string ToString() => Text;
}
