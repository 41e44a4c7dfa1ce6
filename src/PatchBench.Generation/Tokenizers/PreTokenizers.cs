namespace PatchBench.Generation.Tokenizers;

/// <summary>A tokenizer.json pre-tokenizer: splits (and may rewrite) text into the words BPE runs on.</summary>
internal interface IPreTokenizer
{
    /// <summary>Splits each piece further. <paramref name="atTextStart"/>: the first piece begins the whole input
    /// (Metaspace's prepend_scheme "first" depends on it).</summary>
    List<string> Split(List<string> pieces, bool atTextStart);
}

/// <summary>How a Split pre-tokenizer treats the matched delimiters (tokenizers' SplitDelimiterBehavior).</summary>
internal enum SplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous }

/// <summary>Pre-tokenizers applied one after the other ("Sequence").</summary>
internal sealed record PreTokenizerSequence(IReadOnlyList<IPreTokenizer> Steps) : IPreTokenizer
{
    public List<string> Split(List<string> pieces, bool atTextStart)
    {
        foreach (var s in Steps) pieces = s.Split(pieces, atTextStart);
        return pieces;
    }
}

/// <summary>"Split": a regex or literal pattern, with what happens to the matches.</summary>
internal sealed class SplitPreTokenizer(SplitPattern pattern, SplitBehavior behavior, bool invert) : IPreTokenizer
{
    public SplitPattern Pattern => pattern;
    public SplitBehavior Behavior => behavior;
    public bool Invert => invert;

    public List<string> Split(List<string> pieces, bool atTextStart)
    {
        var result = new List<string>();
        foreach (var p in pieces) SplitOne(p, result);
        return result;
    }

    internal void SplitOne(string text, List<string> result)
    {
        if (behavior == SplitBehavior.Isolated)
        {
            // Every match and every gap between matches is a piece: no need for the span bookkeeping.
            var from = 0;
            foreach (var (start, length) in pattern.Matches(text))
            {
                if (start > from) result.Add(text[from..start]);
                result.Add(text.Substring(start, length));
                from = start + length;
            }
            if (from < text.Length) result.Add(text[from..]);
            return;
        }
        // The text as alternating (start, end, isMatch) spans, as tokenizers' NormalizedString::split does.
        var spans = new List<(int Start, int End, bool Match)>();
        var at = 0;
        foreach (var (start, length) in pattern.Matches(text))
        {
            if (start > at) spans.Add((at, start, invert));
            spans.Add((start, start + length, !invert));
            at = start + length;
        }
        if (at < text.Length) spans.Add((at, text.Length, invert));

        var merged = new List<(int Start, int End)>();
        switch (behavior)
        {
            case SplitBehavior.Removed:
                foreach (var s in spans) if (!s.Match) merged.Add((s.Start, s.End));
                break;
            case SplitBehavior.Isolated:
                foreach (var s in spans) merged.Add((s.Start, s.End));
                break;
            case SplitBehavior.MergedWithPrevious:
            {
                var previousMatch = false;
                foreach (var s in spans)
                {
                    if (s.Match && !previousMatch && merged.Count > 0) merged[^1] = (merged[^1].Start, s.End);
                    else merged.Add((s.Start, s.End));
                    previousMatch = s.Match;
                }
                break;
            }
            case SplitBehavior.MergedWithNext:
            {
                var previousMatch = false;
                for (var i = spans.Count - 1; i >= 0; i--)
                {
                    var s = spans[i];
                    if (s.Match && !previousMatch && merged.Count > 0) merged[^1] = (s.Start, merged[^1].End);
                    else merged.Add((s.Start, s.End));
                    previousMatch = s.Match;
                }
                merged.Reverse();
                break;
            }
            case SplitBehavior.Contiguous:
            {
                var previousMatch = false;
                foreach (var s in spans)
                {
                    if (s.Match && previousMatch && merged.Count > 0) merged[^1] = (merged[^1].Start, s.End);
                    else merged.Add((s.Start, s.End));
                    previousMatch = s.Match;
                }
                break;
            }
        }
        foreach (var (start, end) in merged)
        {
            if (end > start) result.Add(text[start..end]);
        }
    }
}

/// <summary>"ByteLevel": optional leading space, optional GPT-2 regex split, then bytes as GPT-2's visible characters.</summary>
internal sealed class ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex) : IPreTokenizer
{
    public static readonly Lazy<SplitPreTokenizer> Gpt2Split =
        new(() => new SplitPreTokenizer(new SplitPattern(SplitPattern.Gpt2, literal: false), SplitBehavior.Isolated, invert: false));

    public bool AddPrefixSpace => addPrefixSpace;
    public bool UseRegex => useRegex;

    public List<string> Split(List<string> pieces, bool atTextStart)
    {
        var result = new List<string>();
        var words = new List<string>();
        foreach (var p in pieces)
        {
            var text = addPrefixSpace && !p.StartsWith(' ') ? " " + p : p;
            words.Clear();
            if (useRegex) Gpt2Split.Value.SplitOne(text, words);
            else words.Add(text);
            foreach (var w in words) result.Add(ByteLevelAlphabet.Encode(w));
        }
        return result;
    }
}

/// <summary>"Metaspace": spaces become "▁", a "▁" is prepended per prepend_scheme, and words split before each "▁".</summary>
internal sealed class MetaspacePreTokenizer(char replacement, string prependScheme, bool split) : IPreTokenizer
{
    public List<string> Split(List<string> pieces, bool atTextStart)
    {
        var result = new List<string>();
        for (var i = 0; i < pieces.Count; i++)
        {
            var text = pieces[i].Replace(' ', replacement);
            var prepend = prependScheme switch
            {
                "always" => true,
                "first" => atTextStart && i == 0,
                _ => false,
            };
            if (prepend && !text.StartsWith(replacement)) text = replacement + text;
            if (!split)
            {
                if (text.Length > 0) result.Add(text);
                continue;
            }
            var start = 0;
            for (var j = 1; j < text.Length; j++)
            {
                if (text[j] == replacement)
                {
                    result.Add(text[start..j]);
                    start = j;
                }
            }
            if (start < text.Length) result.Add(text[start..]);
        }
        return result;
    }
}

/// <summary>"Digits": splits digits from other text, each digit alone when individual_digits.</summary>
internal sealed class DigitsPreTokenizer(bool individual) : IPreTokenizer
{
    private readonly SplitPreTokenizer _split = new(new SplitPattern(individual ? @"\p{N}" : @"\p{N}+", literal: false), SplitBehavior.Isolated, invert: false);

    public List<string> Split(List<string> pieces, bool atTextStart) => _split.Split(pieces, atTextStart);
}

/// <summary>"WhitespaceSplit": splits on whitespace, dropping it.</summary>
internal sealed class WhitespaceSplitPreTokenizer : IPreTokenizer
{
    private readonly SplitPreTokenizer _split = new(new SplitPattern(@"\s+", literal: false), SplitBehavior.Removed, invert: false);

    public List<string> Split(List<string> pieces, bool atTextStart) => _split.Split(pieces, atTextStart);
}
