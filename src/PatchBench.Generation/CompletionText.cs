using System.Text;

namespace PatchBench.Generation;

/// <summary>
/// Turns a stream of token text (or raw token bytes, whose UTF-8 characters split across tokens are
/// reassembled) into completion text: stop strings are cut (text that may still become one is held back), and each released
/// piece goes to the optional listener.
/// </summary>
internal sealed class CompletionText(IReadOnlyList<string> stops, Action<string>? onPiece)
{
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly StopStringScanner _scanner = new(stops);
    private readonly StringBuilder _text = new();

    /// <summary>True once a stop string has appeared.</summary>
    public bool Stopped => _scanner.Stopped;

    /// <summary>The text released so far.</summary>
    public string Text => _text.ToString();

    /// <summary>Adds one token's bytes.</summary>
    public void Feed(ReadOnlySpan<byte> bytes) => Decode(bytes, flush: false);

    /// <summary>Adds text a streaming detokenizer already assembled into whole characters.</summary>
    public void FeedText(string text) => Emit(_scanner.Append(text));

    /// <summary>At the end of generation: releases what was held back (a trailing partial character becomes U+FFFD).</summary>
    public void Finish()
    {
        if (_scanner.Stopped) return;
        Decode([], flush: true);
        Emit(_scanner.Flush());
    }

    private void Decode(ReadOnlySpan<byte> bytes, bool flush)
    {
        var chars = new char[_decoder.GetCharCount(bytes, flush)];
        _decoder.GetChars(bytes, chars, flush);
        Emit(_scanner.Append(new string(chars)));
    }

    private void Emit(string s)
    {
        if (s.Length == 0) return;
        _text.Append(s);
        onPiece?.Invoke(s);
    }
}
