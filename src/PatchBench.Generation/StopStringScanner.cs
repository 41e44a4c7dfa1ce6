namespace PatchBench.Generation;

/// <summary>
/// Watches streamed text for stop strings. Text that could still turn into a stop string is held
/// back, so a stream never shows part of a stop string that is cut off later; everything before
/// the first stop string to complete is released, nothing after it.
/// </summary>
public sealed class StopStringScanner
{
    private readonly string[] _stops;
    private readonly int _longest;
    private string _held = "";

    /// <summary>Scans for the given stop strings (empty strings are ignored).</summary>
    public StopStringScanner(IEnumerable<string> stops)
    {
        _stops = stops.Where(s => s.Length > 0).Distinct().ToArray();
        _longest = _stops.Length == 0 ? 0 : _stops.Max(s => s.Length);
    }

    /// <summary>True once a stop string has been seen.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Adds text; returns what can be released now.</summary>
    public string Append(string text)
    {
        if (Stopped) return "";
        if (_stops.Length == 0) return text;
        var buffer = _held + text;
        // The stop that completes first wins (and of those, the longest): the same answer as feeding the
        // text one character at a time, so the result never depends on how the text was cut into tokens.
        var cut = -1;
        for (var end = 1; end <= buffer.Length && cut < 0; end++)
            foreach (var stop in _stops)
                if (stop.Length <= end && string.CompareOrdinal(buffer, end - stop.Length, stop, 0, stop.Length) == 0
                    && (cut < 0 || end - stop.Length < cut))
                    cut = end - stop.Length;
        if (cut >= 0)
        {
            Stopped = true;
            _held = "";
            return buffer[..cut];
        }
        // Hold back the longest tail that is a proper prefix of some stop string.
        var hold = 0;
        for (var n = Math.Min(_longest - 1, buffer.Length); n > 0; n--)
        {
            var tail = buffer[(buffer.Length - n)..];
            if (_stops.Any(s => s.StartsWith(tail, StringComparison.Ordinal))) { hold = n; break; }
        }
        _held = buffer[(buffer.Length - hold)..];
        return buffer[..(buffer.Length - hold)];
    }

    /// <summary>At the end of generation: releases held-back text (it did not become a stop string).</summary>
    public string Flush()
    {
        var rest = _held;
        _held = "";
        return Stopped ? "" : rest;
    }
}
