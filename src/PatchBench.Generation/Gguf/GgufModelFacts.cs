using PatchBench.Harness.Records;

namespace PatchBench.Generation.Gguf;

/// <summary>What a run records about a GGUF model, read from the file's own metadata.</summary>
public static class GgufModelFacts
{
    /// <summary>Facts of <paramref name="file"/>; <paramref name="contextUsed"/> is the context the run set up.</summary>
    public static ModelFacts Of(GgufFile file, int? contextUsed)
    {
        var arch = file.Architecture;
        return new ModelFacts
        {
            Name = file.Name,
            Format = "gguf",
            Architecture = arch,
            Parameters = file.ParameterCount,
            Quantization = file.Quantization,
            FileBytes = new FileInfo(file.Path).Length,
            ContextLength = contextUsed,
            TrainedContextLength = arch is null ? null : (int?)file.GetInteger($"{arch}.context_length"),
            VocabularySize = file.Metadata.GetValueOrDefault("tokenizer.ggml.tokens") is System.Collections.ICollection tokens ? tokens.Count : null,
            TrainingStep = file.GetInteger("training.step"),
        };
    }
}
