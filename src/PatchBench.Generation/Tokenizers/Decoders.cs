using System.Text;

namespace PatchBench.Generation.Tokenizers;

/// <summary>A tokenizer.json decoder: turns the token strings into text, step by step (a chain of string lists).</summary>
internal interface ITokenDecoder
{
    List<string> Decode(List<string> tokens);
}

/// <summary>Decoders applied one after the other ("Sequence").</summary>
internal sealed record DecoderSequence(IReadOnlyList<ITokenDecoder> Steps) : ITokenDecoder
{
    public List<string> Decode(List<string> tokens)
    {
        foreach (var s in Steps) tokens = s.Decode(tokens);
        return tokens;
    }
}

/// <summary>"ByteLevel": GPT-2 characters back to bytes, then UTF-8 (invalid sequences become U+FFFD).</summary>
internal sealed record ByteLevelDecoder : ITokenDecoder
{
    public List<string> Decode(List<string> tokens)
    {
        var bytes = new List<byte>();
        foreach (var t in tokens) ByteLevelAlphabet.Decode(t, bytes);
        return [Encoding.UTF8.GetString(bytes.ToArray())];
    }
}

/// <summary>"Replace" in each token (SentencePiece's "▁" back to a space).</summary>
internal sealed record ReplaceDecoder(string Pattern, string Content) : ITokenDecoder
{
    public List<string> Decode(List<string> tokens) => tokens.Select(t => t.Replace(Pattern, Content, StringComparison.Ordinal)).ToList();
}

/// <summary>"ByteFallback": runs of &lt;0xNN&gt; tokens become the text of their bytes, or one U+FFFD per byte when not UTF-8.</summary>
internal sealed record ByteFallbackDecoder : ITokenDecoder
{
    private static readonly UTF8Encoding Strict = new(false, throwOnInvalidBytes: true);

    public List<string> Decode(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        var pending = new List<byte>();
        void Flush()
        {
            if (pending.Count == 0) return;
            try
            {
                result.Add(Strict.GetString(pending.ToArray()));
            }
            catch (DecoderFallbackException)
            {
                for (var i = 0; i < pending.Count; i++) result.Add("\uFFFD");
            }
            pending.Clear();
        }
        foreach (var t in tokens)
        {
            if (TryParseByteToken(t, out var b)) pending.Add(b);
            else
            {
                Flush();
                result.Add(t);
            }
        }
        Flush();
        return result;
    }

    /// <summary>Whether <paramref name="token"/> is a byte token "&lt;0xNN&gt;".</summary>
    public static bool TryParseByteToken(string token, out byte value)
    {
        value = 0;
        return token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>' &&
               byte.TryParse(token.AsSpan(3, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out value);
    }
}

/// <summary>"Fuse": all tokens into one string.</summary>
internal sealed record FuseDecoder : ITokenDecoder
{
    public List<string> Decode(List<string> tokens) => [string.Concat(tokens)];
}

/// <summary>"Strip": up to <c>Start</c> leading and <c>Stop</c> trailing <c>Content</c> characters off each token.</summary>
internal sealed record StripDecoder(char Content, int Start, int Stop) : ITokenDecoder
{
    public List<string> Decode(List<string> tokens) => tokens.Select(t =>
    {
        var from = 0;
        while (from < Start && from < t.Length && t[from] == Content) from++;
        var to = t.Length;
        while (t.Length - to < Stop && to > from && t[to - 1] == Content) to--;
        return t[from..to];
    }).ToList();
}

/// <summary>"Metaspace": "▁" back to spaces, and the space the pre-tokenizer prepended dropped from the first token.</summary>
internal sealed record MetaspaceDecoder(char Replacement, bool StripFirst) : ITokenDecoder
{
    public List<string> Decode(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i].Replace(Replacement, ' ');
            if (i == 0 && StripFirst && t.StartsWith(' ')) t = t[1..];
            result.Add(t);
        }
        return result;
    }
}
