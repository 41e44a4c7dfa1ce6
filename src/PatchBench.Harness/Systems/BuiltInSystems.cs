using PatchBench.Harness.Runs;

namespace PatchBench.Harness.Systems;

/// <summary>
/// The model-free systems the harness itself provides: <c>reference</c> (returns the item's reference patch:
/// the ceiling, and a check that the scorers are sane) and <c>empty</c> (returns "": the floor).
/// Both accept <c>delay_ms=N</c>, a simulated generation latency for exercising pipelining and resume.
/// </summary>
public static class BuiltInSystems
{
    /// <summary>The <c>reference</c> and <c>empty</c> backends.</summary>
    public static IReadOnlyList<ISystemBackend> Backends { get; } =
    [
        new FixedOutputBackend("reference", item => item.ReferencePatch),
        new FixedOutputBackend("empty", _ => ""),
    ];

    private sealed class FixedOutputBackend(string name, Func<BenchItem, string> output) : ISystemBackend
    {
        public string Name => name;

        public string Usage => $"{name}[,delay_ms=N]";

        public ISystemUnderTest Create(SystemSpec spec, SystemContext context)
        {
            var options = new SpecOptions(spec, ["delay_ms"]);
            if (spec.Target is not null) throw options.Error($"{name} takes no target");
            return new FixedOutputSystem(spec, output, TimeSpan.FromMilliseconds(options.Number("delay_ms", 0, 0)));
        }
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
