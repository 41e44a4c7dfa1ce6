using PatchBench.Harness.Systems;

namespace PatchBench.Generation.Retrieval;

/// <summary><c>retrieval[,measure=jaccard|bm25,pool=DIR,seed=N]</c>: the model-free few-shot baseline.</summary>
public sealed class RetrievalBackend(FewShotPools pools) : ISystemBackend
{
    /// <inheritdoc />
    public string Name => "retrieval";

    /// <inheritdoc />
    public string Usage => "retrieval[,measure=jaccard|bm25,pool=DIR,seed=N]";

    /// <inheritdoc />
    public ISystemUnderTest Create(SystemSpec spec, SystemContext context)
    {
        var o = new SpecOptions(spec, ["measure", "pool", "seed"]);
        if (spec.Target is not null) throw o.Error("retrieval takes no target (use pool=DIR for the pool)");
        var measure = Systems.GeneratorSystemOptions.Measure(o);
        return new RetrievalSystem(spec, pools.For(o, context), measure, o.Int("seed", 0));
    }
}
