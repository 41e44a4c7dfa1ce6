namespace PatchBench.Generation.Tokenizers;

/// <summary>One entry of tokenizer.json's added_tokens.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Content">The text it stands for.</param>
/// <param name="SingleWord">Matched only as a whole word.</param>
/// <param name="LStrip">Swallows the whitespace before it.</param>
/// <param name="RStrip">Swallows the whitespace after it.</param>
/// <param name="Normalized">Matched in the normalized text rather than the raw input.</param>
/// <param name="Special">A control token (skipped when decoding with skipSpecial).</param>
public sealed record AddedToken(int Id, string Content, bool SingleWord, bool LStrip, bool RStrip, bool Normalized, bool Special);

/// <summary>
/// Finds added tokens in text, leftmost first and longest among those starting at the same place (as
/// tokenizers' Aho-Corasick matcher with LeftmostLongest does), and cuts the text around them.
/// </summary>
internal sealed class AddedTokenMatcher
{
    private readonly Dictionary<char, AddedToken[]> _byFirstChar;

    public AddedTokenMatcher(IEnumerable<AddedToken> tokens, Func<string, string>? normalizeContent = null)
    {
        _byFirstChar = tokens
            .Select(t => (Token: t, Text: normalizeContent?.Invoke(t.Content) ?? t.Content))
            .Where(t => t.Text.Length > 0)
            .GroupBy(t => t.Text[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Text.Length).Select(t => t.Token with { Content = t.Text }).ToArray());
    }

    public bool IsEmpty => _byFirstChar.Count == 0;

    /// <summary>The text as pieces: (Start, Text, null) for plain text and (Start, "", token id) for a matched token.</summary>
    public List<(int Start, string Text, int? Id)> Split(string text)
    {
        var result = new List<(int, string, int?)>();
        if (IsEmpty)
        {
            if (text.Length > 0) result.Add((0, text, null));
            return result;
        }
        var plainStart = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (_byFirstChar.TryGetValue(text[i], out var candidates) && Match(text, i, candidates) is { } token)
            {
                var start = i;
                var end = i + token.Content.Length;
                if (token.LStrip) while (start > plainStart && char.IsWhiteSpace(text[start - 1])) start--;
                if (token.RStrip) while (end < text.Length && char.IsWhiteSpace(text[end])) end++;
                if (start > plainStart) result.Add((plainStart, text[plainStart..start], null));
                result.Add((start, "", token.Id));
                plainStart = i = end;
            }
            else i++;
        }
        if (plainStart < text.Length) result.Add((plainStart, text[plainStart..], null));
        return result;
    }

    private static AddedToken? Match(string text, int at, AddedToken[] candidates)
    {
        foreach (var t in candidates)
        {
            if (at + t.Content.Length > text.Length || string.CompareOrdinal(text, at, t.Content, 0, t.Content.Length) != 0) continue;
            if (t.SingleWord)
            {
                var end = at + t.Content.Length;
                if ((at > 0 && IsWordChar(text[at - 1])) || (end < text.Length && IsWordChar(text[end]))) continue;
            }
            return t;
        }
        return null;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
