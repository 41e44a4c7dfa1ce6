using System.Text;

namespace PatchBench.Generation.Tokenizers;

/// <summary>A tokenizer.json normalizer: rewrites text before it is split into words.</summary>
internal interface ITextNormalizer
{
    string Normalize(string text);
}

/// <summary>Normalizers applied one after the other ("Sequence").</summary>
internal sealed record NormalizerSequence(IReadOnlyList<ITextNormalizer> Steps) : ITextNormalizer
{
    public string Normalize(string text)
    {
        foreach (var s in Steps) text = s.Normalize(text);
        return text;
    }
}

/// <summary>"Prepend": puts a string (SentencePiece's "▁") in front of non-empty text.</summary>
internal sealed record PrependNormalizer(string Prefix) : ITextNormalizer
{
    public string Normalize(string text) => text.Length == 0 ? text : Prefix + text;
}

/// <summary>"Replace": every occurrence of a literal string or regex by a replacement.</summary>
internal sealed record ReplaceNormalizer(string Pattern, bool IsRegex, string Content) : ITextNormalizer
{
    private readonly System.Text.RegularExpressions.Regex? _regex = IsRegex ? new(SplitPattern.RewritePossessive(Pattern)) : null;

    public string Normalize(string text) => _regex != null ? _regex.Replace(text, Content.Replace("$", "$$")) : text.Replace(Pattern, Content, StringComparison.Ordinal);
}

/// <summary>Unicode normalization (NFC, NFD, NFKC, NFKD).</summary>
/// <remarks>.NET implements this with ICU; in a process running with InvariantGlobalization (as this
/// project's builds do) string.Normalize leaves non-ASCII text unchanged, so only text already in the
/// normal form (nearly all text, and all Pd patches) tokenizes as Hugging Face would.</remarks>
internal sealed record UnicodeNormalizer(NormalizationForm Form) : ITextNormalizer
{
    public string Normalize(string text) => text.Normalize(Form);
}

/// <summary>"Lowercase".</summary>
internal sealed record LowercaseNormalizer : ITextNormalizer
{
    public string Normalize(string text) => text.ToLowerInvariant();
}

/// <summary>"Strip": removes leading and/or trailing whitespace.</summary>
internal sealed record StripNormalizer(bool Left, bool Right) : ITextNormalizer
{
    public string Normalize(string text) => Left && Right ? text.Trim() : Left ? text.TrimStart() : Right ? text.TrimEnd() : text;
}
