using System.Text;

namespace PatchBench.Pd.Syntax;

/// <summary>
/// Splits Pd file text into atoms exactly as Pd's <c>binbuf_text</c> does: whitespace (including
/// newlines) separates, unescaped <c>;</c> and <c>,</c> are atoms of their own, a backslash escapes
/// the next character. Never throws.
/// </summary>
public static class PdLexer
{
    /// <summary>Tokenizes <paramref name="text"/> into atoms with 1-based line and column.</summary>
    public static List<PdAtom> Tokenize(string text)
    {
        var atoms = new List<PdAtom>();
        var tokenizer = new PdTokenizer(text);
        while (tokenizer.Next(out var atom)) atoms.Add(atom);
        return atoms;
    }

    /// <summary>True for the characters <c>binbuf_text</c> treats as whitespace.</summary>
    internal static bool IsWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v' or '\0';

    /// <summary>Classifies one raw (still escaped) word as float, symbol, dollar or dollar-symbol.</summary>
    public static PdAtom ClassifyWord(string raw, int line, int column)
    {
        string value = Unescape(raw);
        bool escaped = raw.Contains('\\');
        // A backslash before anything but '$' makes the word a symbol even if it looks numeric.
        bool escapedNonDollar = escaped && raw.Replace("\\$", "$").Contains('\\');
        if (!escapedNonDollar && PdNumber.TryParse(raw, out double number))
            return new PdAtom(PdAtomKind.Float, raw, value, number, line, column);
        int dollar = FindDollar(value);
        if (dollar >= 0)
        {
            // "$1" alone (digits only after the dollar) is A_DOLLAR; anything else with a dollar is A_DOLLSYM.
            bool whole = dollar == 0 && value.Length > 1 && value.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;
            return new PdAtom(whole ? PdAtomKind.Dollar : PdAtomKind.DollarSymbol, raw, value, 0, line, column);
        }
        return new PdAtom(PdAtomKind.Symbol, raw, value, 0, line, column);
    }

    private static int FindDollar(string value)
    {
        for (int i = 0; i + 1 < value.Length; i++)
            if (value[i] == '$' && char.IsAsciiDigit(value[i + 1])) return i;
        return -1;
    }

    /// <summary>Removes backslash escapes.</summary>
    public static string Unescape(string raw)
    {
        if (!raw.Contains('\\')) return raw;
        var sb = new StringBuilder(raw.Length);
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\\' && i + 1 < raw.Length) { sb.Append(raw[i + 1]); i++; }
            else sb.Append(raw[i]);
        }
        return sb.ToString();
    }

    /// <summary>Escapes a word for writing into a Pd file: separators, backslashes and dollars.</summary>
    public static string Escape(string word)
    {
        var sb = new StringBuilder(word.Length + 4);
        foreach (char c in word)
        {
            if (c is ';' or ',' or '\\' or '$' or ' ') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }
}

/// <summary>
/// Remembers the atoms of short words without backslashes (#X, obj, connect, 0, 1, print…), which recur
/// everywhere in patches: each is classified once per thread and its strings are shared, so lexing makes
/// no string for them. Direct-mapped by a hash the tokenizer computes while scanning the word; a collision
/// simply replaces the older word.
/// </summary>
internal sealed class PdWordCache
{
    public const int MaxLength = 16;
    private const int Size = 1 << 15;
    private readonly PdAtom[] _slots = new PdAtom[Size];

    [ThreadStatic] private static PdWordCache? _current;

    /// <summary>This thread's cache.</summary>
    public static PdWordCache Current => _current ??= new PdWordCache();

    /// <summary>The atom of <paramref name="word"/> (no backslashes, at most <see cref="MaxLength"/> characters) at a position.</summary>
    public void Get(ReadOnlySpan<char> word, uint hash, int line, int column, out PdAtom atom)
    {
        ref PdAtom slot = ref _slots[hash & (Size - 1)];
        if (slot.Text is not { } text || !word.SequenceEqual(text))
            slot = PdLexer.ClassifyWord(word.ToString(), 0, 0);
        atom = new PdAtom(slot.Kind, slot.Text, slot.Value, slot.Number, line, column);
    }
}

/// <summary>
/// Reads atoms one at a time from Pd file text (no list of the whole file is built), with the rules of
/// <see cref="PdLexer"/>.
/// </summary>
internal ref struct PdTokenizer(string text)
{
    // Per ASCII character: 0 part of a word, 1 whitespace, 2 a separator (';' ','), 3 a backslash.
    // Characters above ASCII are always part of a word.
    private static ReadOnlySpan<byte> CharClass =>
    [
        1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, // \0 and \t \n \v \f \r
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, // space, ','
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, // ';'
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, // '\\'
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    private readonly string _text = text;
    private readonly PdWordCache _cache = PdWordCache.Current;
    private int _i, _line = 1, _lineStart;

    /// <summary>The next atom, or false at the end of the text.</summary>
    public bool Next(out PdAtom atom)
    {
        string text = _text;
        int n = text.Length, i = _i;
        var classes = CharClass;
        char c = '\0';
        while (i < n)
        {
            c = text[i];
            if (c >= 128 || classes[c] != 1) break;
            if (c == '\n') { _line++; _lineStart = i + 1; }
            i++;
        }
        if (i >= n) { _i = i; atom = default; return false; }
        if (c == ';' || c == ',')
        {
            atom = c == ';'
                ? new PdAtom(PdAtomKind.Semicolon, ";", ";", 0, _line, i - _lineStart + 1)
                : new PdAtom(PdAtomKind.Comma, ",", ",", 0, _line, i - _lineStart + 1);
            _i = i + 1;
            return true;
        }
        int startLine = _line, startCol = i - _lineStart + 1, start = i;
        bool hasBackslash = false;
        uint hash = 2166136261; // FNV-1a over the word's characters, for the word cache
        while (i < n)
        {
            c = text[i];
            if (c < 128 && classes[c] != 0)
            {
                if (c != '\\') break;
                if (i + 1 < n)
                {
                    // An escaped character belongs to the word, an escaped newline included.
                    hasBackslash = true;
                    if (text[i + 1] == '\n') { _line++; _lineStart = i + 2; }
                    i += 2;
                }
                else i++; // a backslash ending the text is an ordinary character
                continue;
            }
            hash = (hash ^ c) * 16777619;
            i++;
        }
        _i = i;
        int length = i - start;
        if (!hasBackslash && length <= PdWordCache.MaxLength)
            _cache.Get(text.AsSpan(start, length), hash, startLine, startCol, out atom);
        else
            atom = PdLexer.ClassifyWord(text.Substring(start, length), startLine, startCol);
        return true;
    }
}
