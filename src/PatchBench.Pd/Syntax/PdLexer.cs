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
        int line = 1, col = 1, i = 0, n = text.Length;
        var raw = new StringBuilder();
        while (i < n)
        {
            char c = text[i];
            if (c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v' || c == '\0')
            {
                Advance(c, ref line, ref col); i++;
                continue;
            }
            if (c == ';' || c == ',')
            {
                atoms.Add(new PdAtom(c == ';' ? PdAtomKind.Semicolon : PdAtomKind.Comma, c.ToString(), c.ToString(), 0, line, col));
                Advance(c, ref line, ref col); i++;
                continue;
            }
            int startLine = line, startCol = col;
            raw.Clear();
            while (i < n)
            {
                c = text[i];
                if (c == '\\' && i + 1 < n)
                {
                    raw.Append(c).Append(text[i + 1]);
                    Advance(c, ref line, ref col); Advance(text[i + 1], ref line, ref col);
                    i += 2;
                    continue;
                }
                if (c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v' or ';' or ',' or '\0') break;
                raw.Append(c);
                Advance(c, ref line, ref col); i++;
            }
            atoms.Add(ClassifyWord(raw.ToString(), startLine, startCol));
        }
        return atoms;
    }

    private static void Advance(char c, ref int line, ref int col)
    {
        if (c == '\n') { line++; col = 1; }
        else col++;
    }

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
