using PatchBench.Generation.Gguf;
using PatchBench.Generation.Prompts;
using PatchBench.Generation.Retrieval;
using PatchBench.Generation.Systems;
using PatchBench.Harness.Systems;

namespace PatchBench.Generation.LlamaCpp;

/// <summary>
/// <c>llamacpp:PATH.gguf[,…prompt and decoding options…,device=cpu|cuda,gpu_layers=N,threads=N,ctx=N,batch=N,native=DIR]</c>:
/// a GGUF model in process through LLamaSharp (<c>native=DIR</c>: a libllama.so of LLamaSharp's own llama.cpp ABI, e.g. bench/build-llamasharp-native.sh's).
/// Without <c>template=</c> the model's own chat template is used when the GGUF has one, else
/// PatchGen's Alpaca format.
/// </summary>
public sealed class LlamaCppBackend(FewShotPools pools) : ISystemBackend
{
    private static readonly IReadOnlyList<string> Keys = GeneratorSystemOptions.With("device", "gpu_layers", "threads", "ctx", "batch", "native");

    /// <inheritdoc />
    public string Name => "llamacpp";

    /// <inheritdoc />
    public string Usage => "llamacpp:PATH.gguf[,template=…,fewshot=k,temperature=…,seed=…,max_tokens=…,threads=N,ctx=N,device=cpu|cuda,gpu_layers=N]";

    /// <inheritdoc />
    public ISystemUnderTest Create(SystemSpec spec, SystemContext context)
    {
        var o = new SpecOptions(spec, [.. Keys]);
        var path = spec.Target ?? throw o.Error("expected llamacpp:PATH.gguf");
        if (!File.Exists(path)) throw o.Error($"model file '{path}' not found");
        var device = o.Choice("device", "cpu", "cpu", "cuda") == "cuda" ? LlamaDevice.Cuda : LlamaDevice.Cpu;
        var options = new LlamaCppOptions
        {
            Device = device,
            GpuLayers = o.Int("gpu_layers", -1),
            Threads = o.Int("threads", 0, 0),
            ContextSize = o.Int("ctx", 0, 0),
            BatchSize = o.Int("batch", 512, 1),
            NativeDirectory = o.Text("native"),
        };
        if (device == LlamaDevice.Cpu && o.Text("gpu_layers") is not null) throw o.Error("gpu_layers needs device=cuda");
        // Settings first, so a bad option is reported before a model is loaded.
        var settingsWithoutTemplate = GeneratorSystemOptions.Settings(o, PromptFormat.Alpaca);
        var pool = settingsWithoutTemplate.FewShot > 0 ? pools.For(o, context) : null;
        LlamaCppGenerator generator;
        GgufFile gguf;
        try
        {
            gguf = GgufReader.Read(path);
            generator = LlamaCppGenerator.Load(path, options);
        }
        catch (GgufFormatException e)
        {
            throw o.Error(e.Message);
        }
        catch (Exception e) when (e is LlamaCppException or LlamaNativeLibraryException or FileNotFoundException or InvalidOperationException)
        {
            throw o.Error(e.Message);
        }
        // The model's own chat template when the GGUF has one, else PatchGen's Alpaca format.
        var settings = o.Text("template") is null && generator.Model.ChatTemplate is not null
            ? settingsWithoutTemplate with { Format = PromptFormat.Chat }
            : settingsWithoutTemplate;
        return new GeneratorSystem(spec, generator, settings, pool, 1, GgufModelFacts.Of(gguf, generator.ContextSize));
    }
}
