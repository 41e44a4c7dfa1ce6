using System.Buffers;
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

    // Short words recur everywhere in patches (#X, obj, connect, 0, 1, print…): classify each once per
    // thread and share its strings, which keeps parsing the Debian corpus within its time budget.
    private const int MaxCachedLength = 16, MaxCacheSize = 50_000;
    [ThreadStatic] private static Dictionary<string, PdAtom>? _wordCache;

    /// <summary>Classifies a word without backslashes, sharing the atom of a short word seen before.</summary>
    internal static PdAtom ClassifyPlainWord(ReadOnlySpan<char> raw, int line, int column)
    {
        if (raw.Length > MaxCachedLength) return ClassifyWord(raw.ToString(), line, column);
        var cache = _wordCache ??= new Dictionary<string, PdAtom>(StringComparer.Ordinal);
        var lookup = cache.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(raw, out var atom))
        {
            atom = ClassifyWord(raw.ToString(), 0, 0);
            if (cache.Count < MaxCacheSize) cache[atom.Text] = atom;
        }
        return atom with { Line = line, Column = column };
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
/// Reads atoms one at a time from Pd file text (no list of the whole file is built), with the rules of
/// <see cref="PdLexer"/>.
/// </summary>
internal ref struct PdTokenizer(string text)
{
    // Where a word can end, or needs a closer look (a backslash escapes the next character).
    private static readonly SearchValues<char> WordStops = SearchValues.Create(" \t\n\r\f\v\0;,\\");

    private readonly string _text = text;
    private int _i, _line = 1, _lineStart;
    private StringBuilder? _escaped;

    /// <summary>The next atom, or false at the end of the text.</summary>
    public bool Next(out PdAtom atom)
    {
        string text = _text;
        int n = text.Length;
        while (_i < n)
        {
            char w = text[_i];
            if (!PdLexer.IsWhitespace(w)) break;
            if (w == '\n') { _line++; _lineStart = _i + 1; }
            _i++;
        }
        if (_i >= n) { atom = default; return false; }
        char c = text[_i];
        if (c == ';' || c == ',')
        {
            string s = c == ';' ? ";" : ",";
            atom = new PdAtom(c == ';' ? PdAtomKind.Semicolon : PdAtomKind.Comma, s, s, 0, _line, _i - _lineStart + 1);
            _i++;
            return true;
        }
        int startLine = _line, startCol = _i - _lineStart + 1, start = _i;
        bool hasBackslash = false;
        while (true)
        {
            int k = text.AsSpan(_i).IndexOfAny(WordStops);
            if (k < 0) { _i = n; break; }
            _i += k;
            if (text[_i] != '\\') break;
            if (_i + 1 < n)
            {
                // An escaped character belongs to the word, an escaped newline included.
                hasBackslash = true;
                if (text[_i + 1] == '\n') { _line++; _lineStart = _i + 2; }
                _i += 2;
            }
            else _i++; // a backslash ending the text is an ordinary character
        }
        if (!hasBackslash)
        {
            atom = PdLexer.ClassifyPlainWord(text.AsSpan(start, _i - start), startLine, startCol);
            return true;
        }
        _escaped ??= new StringBuilder();
        _escaped.Clear().Append(text, start, _i - start);
        atom = PdLexer.ClassifyWord(_escaped.ToString(), startLine, startCol);
        return true;
    }
}
