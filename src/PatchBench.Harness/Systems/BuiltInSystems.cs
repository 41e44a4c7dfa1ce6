using System.Globalization;
using PatchBench.Harness.Runs;

namespace PatchBench.Harness.Systems;

/// <summary>
/// The model-free systems the harness itself provides: <c>reference</c> (returns the item's reference patch:
/// the ceiling, and a check that the scorers are sane) and <c>empty</c> (returns "": the floor).
/// Both accept <c>delay_ms=N</c>, a simulated generation latency for exercising pipelining and resume.
/// </summary>
public sealed class BuiltInSystems : ISystemFactory
{
    /// <inheritdoc />
    public ISystemUnderTest? TryCreate(SystemSpec spec, BenchSuite suite) => spec.Backend switch
    {
        "reference" => new FixedOutputSystem(spec, item => item.ReferencePatch, DelayOf(spec)),
        "empty" => new FixedOutputSystem(spec, _ => "", DelayOf(spec)),
        _ => null,
    };

    private static TimeSpan DelayOf(SystemSpec spec)
    {
        var text = spec.Option("delay_ms");
        if (text is null) return TimeSpan.Zero;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) || ms < 0)
            throw new HarnessInputException($"system spec '{spec}': delay_ms must be a non-negative number, got '{text}'");
        return TimeSpan.FromMilliseconds(ms);
    }

    private sealed class FixedOutputSystem(SystemSpec spec, Func<BenchItem, string> output, TimeSpan delay) : ISystemUnderTest
    {
        public SystemSpec Spec => spec;

        public async Task<SystemOutput> GenerateAsync(BenchItem item, int sampleIndex, CancellationToken cancellationToken)
        {
            if (delay > TimeSpan.Zero) await Task.Delay(delay, cancellationToken);
            return new SystemOutput(output(item));
        }
    }
}

/// <summary>Tries factories in order and reports an unknown backend clearly.</summary>
public sealed class SystemResolver(IEnumerable<ISystemFactory> factories)
{
    private readonly ISystemFactory[] _factories = factories.ToArray();

    /// <summary>Creates the system for <paramref name="spec"/> or throws <see cref="HarnessInputException"/>.</summary>
    public ISystemUnderTest Create(SystemSpec spec, BenchSuite suite)
    {
        foreach (var f in _factories)
        {
            var system = f.TryCreate(spec, suite);
            if (system is not null) return system;
        }
        throw new HarnessInputException($"system spec '{spec}': unknown backend '{spec.Backend}'");
    }
}
