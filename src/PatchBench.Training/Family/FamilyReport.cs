using System.Text.Json.Serialization;
using PatchBench.Training.Model;

namespace PatchBench.Training.Family;

/// <summary>One exported checkpoint, as training.json lists it.</summary>
/// <param name="Name">File stem, ending in <c>-step&lt;N&gt;</c> (the site's checkpoint rule).</param>
/// <param name="Step">Steps trained.</param>
/// <param name="Tokens">Tokens trained on.</param>
/// <param name="Loss">Mean training loss (nats/token) over the steps since the previous checkpoint.</param>
/// <param name="Gguf">The GGUF file (for <c>llamacpp:</c>).</param>
/// <param name="Onnx">The GenAI folder with the same weights (for <c>onnx:</c>).</param>
public sealed record CheckpointEntry(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("step")] int Step,
    [property: JsonPropertyName("tokens")] long Tokens,
    [property: JsonPropertyName("loss")] double Loss,
    [property: JsonPropertyName("gguf")] string Gguf,
    [property: JsonPropertyName("onnx")] string Onnx);

/// <summary>A loss-curve point as training.json writes it.</summary>
public sealed record CurvePoint(
    [property: JsonPropertyName("step")] int Step,
    [property: JsonPropertyName("tokens")] long Tokens,
    [property: JsonPropertyName("loss")] double Loss);

/// <summary>The training settings as training.json records them.</summary>
public sealed record SettingsEntry(
    [property: JsonPropertyName("hidden")] int Hidden,
    [property: JsonPropertyName("layers")] int Layers,
    [property: JsonPropertyName("heads")] int Heads,
    [property: JsonPropertyName("feed_forward")] int FeedForward,
    [property: JsonPropertyName("context")] int Context,
    [property: JsonPropertyName("vocabulary")] int Vocabulary,
    [property: JsonPropertyName("parameters")] long Parameters,
    [property: JsonPropertyName("steps")] int Steps,
    [property: JsonPropertyName("batch")] int Batch,
    [property: JsonPropertyName("learning_rate")] double LearningRate,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("prompt_repeats")] int PromptRepeats,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("spec_options")] string SpecOptions)
{
    /// <summary>Number variants per few-shot item.</summary>
    [JsonPropertyName("number_variants")] public int NumberVariants { get; init; }

    /// <summary>Plain patches above this size were left out (0 = none).</summary>
    [JsonPropertyName("max_patch_bytes")] public int MaxPatchBytes { get; init; }

    /// <summary>The entry for <paramref name="s"/> trained with <paramref name="threads"/> threads.</summary>
    public static SettingsEntry From(TrainSettings s, int threads) => new(
        s.Shape.Hidden, s.Shape.Layers, s.Shape.Heads, s.Shape.FeedForward, s.Shape.Context, s.Shape.Vocabulary, s.Shape.Parameters,
        s.Steps, s.Batch, s.LearningRate, s.Seed, s.PromptRepeats, threads, Data.TrainingCorpus.SpecOptions)
    {
        NumberVariants = s.NumberVariants, MaxPatchBytes = s.MaxPatchBytes,
    };
}

/// <summary>What the training data was.</summary>
/// <param name="Documents">Documents in the training set.</param>
/// <param name="PromptDocuments">Of which few-shot prompt/patch pairs.</param>
/// <param name="EpochTokens">Tokens in one epoch (few-shot documents repeated).</param>
/// <param name="Hash">SHA-256 of the exact training text.</param>
/// <param name="TrainingSet">The JSON-lines file holding the exact set (what the contamination check read).</param>
public sealed record CorpusEntry(
    [property: JsonPropertyName("documents")] int Documents,
    [property: JsonPropertyName("prompt_documents")] int PromptDocuments,
    [property: JsonPropertyName("epoch_tokens")] long EpochTokens,
    [property: JsonPropertyName("hash")] string Hash,
    [property: JsonPropertyName("training_set")] string TrainingSet)
{
    /// <summary>Number variants of few-shot items (instruction-shaped pairs made by changing the numbers prompt and patch share).</summary>
    [JsonPropertyName("variant_documents")] public int VariantDocuments { get; init; }

    /// <summary>Plain Pd patches (Debian's documentation), after the size limit.</summary>
    [JsonPropertyName("patch_documents")] public int PatchDocuments { get; init; }
}

/// <summary>results/training/&lt;family&gt;/training.json: what the site's training page draws.</summary>
public sealed record FamilyReport(
    [property: JsonPropertyName("family")] string Family,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("settings")] SettingsEntry Settings,
    [property: JsonPropertyName("corpus")] CorpusEntry Corpus,
    [property: JsonPropertyName("tokens_per_s")] double TokensPerSecond,
    [property: JsonPropertyName("wall_s")] double WallSeconds,
    [property: JsonPropertyName("steps")] int Steps,
    [property: JsonPropertyName("checkpoints")] IReadOnlyList<CheckpointEntry> Checkpoints,
    [property: JsonPropertyName("loss_curve")] IReadOnlyList<CurvePoint> LossCurve,
    [property: JsonPropertyName("contamination")] string Contamination,
    [property: JsonPropertyName("load_average")] double? LoadAverage);
