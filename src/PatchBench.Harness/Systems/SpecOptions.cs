using System.Globalization;
using PatchBench.Harness.Runs;

namespace PatchBench.Harness.Systems;

/// <summary>
/// Typed access to a spec's <c>key=value</c> options for one backend: rejects keys the backend does not know
/// (a typo such as <c>temprature=0.2</c> must not silently run with the default) and values of the wrong shape,
/// naming the spec, the key and what was expected.
/// </summary>
public sealed class SpecOptions
{
    private readonly SystemSpec _spec;

    /// <summary>Checks every option key of <paramref name="spec"/> against <paramref name="known"/>.</summary>
    public SpecOptions(SystemSpec spec, IReadOnlyCollection<string> known)
    {
        _spec = spec;
        foreach (var (key, _) in spec.Options)
            if (!known.Contains(key))
                throw Error($"unknown option '{key}' for backend '{spec.Backend}' (known: {string.Join(", ", known.Order(StringComparer.Ordinal))})");
    }

    /// <summary>The raw text of an option, or null.</summary>
    public string? Text(string key) => _spec.Option(key);

    /// <summary>An integer option within [min, max].</summary>
    public int Int(string key, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = Text(key);
        if (text is null) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
            throw Error($"{key} must be an integer{Range(min, max)}, got '{text}'");
        return v;
    }

    /// <summary>A number option within [min, max].</summary>
    public double Number(string key, double fallback, double min = double.MinValue, double max = double.MaxValue)
    {
        var text = Text(key);
        if (text is null) return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || double.IsNaN(v) || v < min || v > max)
            throw Error($"{key} must be a number{Range(min, max)}, got '{text}'");
        return v;
    }

    /// <summary>A true/false option.</summary>
    public bool Bool(string key, bool fallback) => Text(key)?.ToLowerInvariant() switch
    {
        null => fallback,
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        var other => throw Error($"{key} must be true or false, got '{other}'"),
    };

    /// <summary>One of a fixed set of words.</summary>
    public string Choice(string key, string fallback, params string[] choices)
    {
        var text = Text(key)?.ToLowerInvariant();
        if (text is null) return fallback;
        return choices.Contains(text) ? text : throw Error($"{key} must be one of {string.Join(", ", choices)}, got '{text}'");
    }

    /// <summary>An input error naming the spec.</summary>
    public HarnessInputException Error(string message) => new($"system spec '{_spec}': {message}");

    private static string Range(double min, double max) => (min, max) switch
    {
        (double.MinValue or int.MinValue, double.MaxValue or int.MaxValue) => "",
        (_, double.MaxValue or int.MaxValue) => $" >= {min.ToString(CultureInfo.InvariantCulture)}",
        _ => $" in [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]",
    };
}
