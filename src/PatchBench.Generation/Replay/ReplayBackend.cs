using PatchBench.Harness.Runs;
using PatchBench.Harness.Systems;

namespace PatchBench.Generation.Replay;

/// <summary><c>replay:outputs.jsonl</c>: scores outputs generated elsewhere.</summary>
public sealed class ReplayBackend : ISystemBackend
{
    /// <inheritdoc />
    public string Name => "replay";

    /// <inheritdoc />
    public string Usage => "replay:outputs.jsonl";

    /// <inheritdoc />
    public ISystemUnderTest Create(SystemSpec spec, SystemContext context)
    {
        _ = new SpecOptions(spec, []);
        var path = spec.Target ?? throw new HarnessInputException($"system spec '{spec}': expected {Usage}");
        return ReplaySystem.Load(spec, path, context.Suite);
    }
}
