using PatchBench.Generation.Prompts;
using PatchBench.Generation.Retrieval;
using PatchBench.Generation.Systems;
using PatchBench.Harness.Records;
using PatchBench.Harness.Systems;

namespace PatchBench.Generation.Onnx;

/// <summary>
/// <c>onnx:FOLDER[,…prompt and decoding options…,device=cpu|cuda,device_id=N,threads=N,ctx=N]</c>: an ONNX Runtime
/// GenAI model folder, run by GenAI itself. A ChatML chat template in tokenizer_config.json is used as llama.cpp uses the GGUF's; else PatchGen's
/// Alpaca format.
/// </summary>
/// <param name="pools">Few-shot pools shared by the command's backends.</param>
public sealed class OnnxBackend(FewShotPools pools) : ISystemBackend
{
    private static readonly IReadOnlyList<string> Keys = GeneratorSystemOptions.With("device", "device_id", "threads", "ctx");

    /// <inheritdoc />
    public string Name => "onnx";

    /// <inheritdoc />
    public string Usage => "onnx:FOLDER[,template=…,fewshot=k,temperature=…,seed=…,threads=N,ctx=N,device=cpu|cuda]";

    /// <inheritdoc />
    public ISystemUnderTest Create(SystemSpec spec, SystemContext context)
    {
        var o = new SpecOptions(spec, [.. Keys]);
        var folder = spec.Target ?? throw o.Error("expected onnx:FOLDER (an ONNX Runtime GenAI model folder)");
        if (!Directory.Exists(folder)) throw o.Error($"model folder '{folder}' not found");
        var options = new OnnxOptions
        {
            Device = o.Choice("device", "cpu", "cpu", "cuda") == "cuda" ? OnnxDevice.Cuda : OnnxDevice.Cpu,
            DeviceId = o.Int("device_id", 0, 0),
            Threads = o.Int("threads", 0, 0),
            ContextSize = o.Int("ctx", 0, 0),
        };
        var settingsWithoutTemplate = GeneratorSystemOptions.Settings(o, PromptFormat.Alpaca);
        var pool = settingsWithoutTemplate.FewShot > 0 ? pools.For(o, context) : null;
        OnnxGenerator generator;
        try
        {
            generator = OnnxGenerator.Load(folder, options);
        }
        catch (OnnxModelFolderException e)
        {
            throw o.Error(e.Message);
        }
        var settings = o.Text("template") is null && generator.ChatTemplate?.Contains("<|im_start|>", StringComparison.Ordinal) == true
            ? settingsWithoutTemplate with { Format = PromptFormat.Chat }
            : settingsWithoutTemplate;
        var facts = new ModelFacts
        {
            Name = Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar)),
            Format = "genai",
            Architecture = generator.Folder.Config.Model?.Type,
            FileBytes = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length),
            ContextLength = generator.ContextSize,
            TrainedContextLength = generator.Folder.ContextLength,
            VocabularySize = generator.Folder.VocabularySize,
        };
        return new GeneratorSystem(spec, generator, settings, pool, 1, facts);
    }
}
