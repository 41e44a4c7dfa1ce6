using PatchBench.Harness.Runs;

namespace PatchBench.Harness.Systems;

/// <summary>
/// One backend of the system spec language (<c>reference</c>, <c>llamacpp</c>, <c>onnx</c>, …): its name, the one-line
/// usage shown when a spec is wrong, and how it builds a system. Each backend lives beside its own code and owns its
/// option keys; the command line composes them into a <see cref="SystemRegistry"/>.
/// </summary>
public interface ISystemBackend
{
    /// <summary>The spec's backend word, lower case (<c>llamacpp</c> in <c>llamacpp:models/x.gguf</c>).</summary>
    string Name { get; }

    /// <summary>One line of usage, e.g. <c>llamacpp:PATH.gguf[,template=…,threads=N]</c>.</summary>
    string Usage { get; }

    /// <summary>Builds the system; throws <see cref="HarnessInputException"/> naming the spec and what is wrong.</summary>
    ISystemUnderTest Create(SystemSpec spec, SystemContext context);
}

/// <summary>What a backend may use while building a system: the suite being run and a loader for other suites (few-shot pools).</summary>
/// <param name="Suite">The suite the system will run on.</param>
/// <param name="SuiteLoader">Loads other suite folders, e.g. the few-shot pool.</param>
public sealed record SystemContext(BenchSuite Suite, IBenchSuiteLoader SuiteLoader);

/// <summary>
/// The known backends by name. An unknown name is one clear line that lists the known ones, as lm-evaluation-harness's
/// registry does.
/// </summary>
public sealed class SystemRegistry
{
    private readonly SortedDictionary<string, ISystemBackend> _backends = new(StringComparer.Ordinal);

    /// <summary>Registers <paramref name="backends"/>; a name given twice is a programming error.</summary>
    public SystemRegistry(IEnumerable<ISystemBackend> backends)
    {
        foreach (var b in backends)
            if (!_backends.TryAdd(b.Name, b)) throw new ArgumentException($"backend '{b.Name}' registered twice", nameof(backends));
    }

    /// <summary>The registered backends, by name.</summary>
    public IReadOnlyCollection<ISystemBackend> Backends => _backends.Values;

    /// <summary>Creates the system for <paramref name="spec"/> or throws <see cref="HarnessInputException"/>.</summary>
    public ISystemUnderTest Create(SystemSpec spec, SystemContext context) =>
        _backends.TryGetValue(spec.Backend, out var backend)
            ? backend.Create(spec, context)
            : throw new HarnessInputException($"system spec '{spec}': unknown backend '{spec.Backend}' (known: {string.Join(", ", _backends.Keys)})");
}
