using PatchBench.Generation.LlamaCpp;
using PatchBench.Generation.Onnx;
using PatchBench.Generation.OpenAI;
using PatchBench.Generation.Replay;
using PatchBench.Generation.Retrieval;
using PatchBench.Harness.Systems;

namespace PatchBench.Generation;

/// <summary>The generation-backed backends (llamacpp, onnx, openai, retrieval, replay), for the command line to register.</summary>
public static class GenerationBackends
{
    /// <summary>One instance of each backend; they share <paramref name="pools"/> so a pool is loaded once per command.</summary>
    public static IReadOnlyList<ISystemBackend> All(FewShotPools? pools = null)
    {
        pools ??= new FewShotPools();
        return [new LlamaCppBackend(pools), new OnnxBackend(pools), new OpenAiBackend(pools), new RetrievalBackend(pools), new ReplayBackend()];
    }
}
