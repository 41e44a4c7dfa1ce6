using System.Text;
using System.Text.RegularExpressions;

namespace PatchBench.Generation.Tokenizers;

/// <summary>
/// A pre-tokenizer regex (written for Oniguruma/fancy-regex in Hugging Face tokenizers) run with .NET's
/// Regex, so that it splits text at the same places.
/// </summary>
/// <remarks>
/// Two differences are bridged. Possessive quantifiers (<c>?+</c>, <c>*+</c>, <c>++</c>, <c>{n,m}+</c>)
/// do not exist in .NET; they become atomic groups, which mean the same. And .NET matches UTF-16 code
/// units, so a character outside the BMP would be two "other" units where Rust sees one letter, digit
/// or symbol: such text is matched on a shadow copy in which each of those characters is one BMP
/// character of the same class, and the match bounds are mapped back.
/// </remarks>
internal sealed class SplitPattern
{
    /// <summary>GPT-2's pattern, used by the ByteLevel pre-tokenizer when use_regex is true.</summary>
    public const string Gpt2 = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private readonly Regex _regex;

    public SplitPattern(string pattern, bool literal)
    {
        var dotnet = literal ? Regex.Escape(pattern) : RewritePossessive(pattern);
        _regex = new Regex(dotnet, RegexOptions.Compiled | RegexOptions.CultureInvariant);
    }

    /// <summary>The (start, length) of every non-empty match, in UTF-16 units of <paramref name="text"/>.</summary>
    public List<(int Start, int Length)> Matches(string text)
    {
        var result = new List<(int, int)>();
        if (!HasSurrogates(text))
        {
            foreach (var m in _regex.EnumerateMatches(text))
            {
                if (m.Length > 0) result.Add((m.Index, m.Length));
            }
            return result;
        }
        var (shadow, map) = Shadow(text);
        foreach (var m in _regex.EnumerateMatches(shadow))
        {
            if (m.Length == 0) continue;
            var start = map[m.Index];
            var end = m.Index + m.Length == shadow.Length ? text.Length : map[m.Index + m.Length];
            result.Add((start, end - start));
        }
        return result;
    }

    private static bool HasSurrogates(string text)
    {
        foreach (var c in text)
        {
            if (char.IsSurrogate(c)) return true;
        }
        return false;
    }

    /// <summary>Each supplementary character replaced by one BMP stand-in of the same regex class.</summary>
    private static (string Shadow, int[] Map) Shadow(string text)
    {
        var shadow = new StringBuilder(text.Length);
        var map = new List<int>(text.Length);
        for (var i = 0; i < text.Length;)
        {
            map.Add(i);
            if (Rune.TryGetRuneAt(text, i, out var rune) && rune.Utf16SequenceLength == 2)
            {
                shadow.Append(Rune.GetUnicodeCategory(rune) switch
                {
                    var c when c <= System.Globalization.UnicodeCategory.OtherLetter => '\uA000', // a letter (Lo)
                    System.Globalization.UnicodeCategory.DecimalDigitNumber or System.Globalization.UnicodeCategory.LetterNumber
                        or System.Globalization.UnicodeCategory.OtherNumber => '\u0660', // a digit (Nd)
                    _ => '\u2603', // a symbol (So)
                });
                i += 2;
            }
            else
            {
                shadow.Append(text[i]);
                i++;
            }
        }
        return (shadow.ToString(), map.ToArray());
    }

    /// <summary>Rewrites possessive quantifiers as atomic groups: <c>X?+</c> → <c>(?&gt;X?)</c>.</summary>
    internal static string RewritePossessive(string pattern)
    {
        var output = new StringBuilder(pattern.Length + 8);
        var groupStarts = new Stack<int>();
        var atomStart = -1; // where, in output, the last complete atom begins
        for (var i = 0; i < pattern.Length;)
        {
            var c = pattern[i];
            if (c is '\\' or '[')
            {
                // An escape or a character class is one atom, copied as it is.
                var start = output.Length;
                var len = c == '\\' ? EscapeLength(pattern, i) : ClassLength(pattern, i);
                output.Append(pattern, i, len);
                i += len;
                atomStart = start;
            }
            else if (c == '(')
            {
                groupStarts.Push(output.Length);
                output.Append(c);
                i++;
                atomStart = -1;
            }
            else if (c == ')')
            {
                output.Append(c);
                i++;
                atomStart = groupStarts.Count > 0 ? groupStarts.Pop() : -1;
            }
            else if (c is '?' or '*' or '+' or '{')
            {
                var len = c == '{' ? QuantifierBraceLength(pattern, i) : 1;
                if (len == 0)
                {
                    output.Append(c); // a literal brace
                    i++;
                    atomStart = output.Length - 1;
                    continue;
                }
                output.Append(pattern, i, len);
                i += len;
                if (i < pattern.Length && pattern[i] == '+' && atomStart >= 0)
                {
                    output.Insert(atomStart, "(?>");
                    output.Append(')');
                    i++;
                }
                else if (i < pattern.Length && pattern[i] == '?')
                {
                    output.Append('?'); // lazy
                    i++;
                }
                atomStart = -1;
            }
            else
            {
                atomStart = output.Length;
                output.Append(c);
                i++;
            }
        }
        return output.ToString();
    }

    private static int EscapeLength(string p, int i)
    {
        if (i + 1 >= p.Length) return 1;
        var n = p[i + 1];
        if ((n is 'p' or 'P') && i + 2 < p.Length && p[i + 2] == '{')
        {
            var close = p.IndexOf('}', i + 3);
            return close < 0 ? p.Length - i : close - i + 1;
        }
        if (n == 'x' && i + 2 < p.Length && p[i + 2] == '{')
        {
            var close = p.IndexOf('}', i + 3);
            return close < 0 ? p.Length - i : close - i + 1;
        }
        return 2;
    }

    private static int ClassLength(string p, int i)
    {
        var j = i + 1;
        if (j < p.Length && p[j] == '^') j++;
        if (j < p.Length && p[j] == ']') j++; // a leading ] is literal
        var depth = 1;
        while (j < p.Length && depth > 0)
        {
            if (p[j] == '\\') j += EscapeLength(p, j);
            else
            {
                if (p[j] == '[') depth++;
                else if (p[j] == ']') depth--;
                j++;
            }
        }
        return j - i;
    }

    private static int QuantifierBraceLength(string p, int i)
    {
        var close = p.IndexOf('}', i);
        if (close < 0) return 0;
        var body = p.AsSpan(i + 1, close - i - 1);
        foreach (var ch in body)
        {
            if (!char.IsAsciiDigit(ch) && ch != ',') return 0;
        }
        return body.Length == 0 ? 0 : close - i + 1;
    }
}
