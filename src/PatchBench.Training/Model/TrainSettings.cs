namespace PatchBench.Training.Model;

/// <summary>How one family is trained.</summary>
/// <param name="Shape">The decoder's size.</param>
/// <param name="Steps">Optimizer steps (the budget).</param>
/// <param name="Batch">Windows per step.</param>
/// <param name="LearningRate">Peak AdamW learning rate (linear warm-up, cosine decay to a tenth).</param>
/// <param name="Seed">Seed of the initial weights and of the data order.</param>
/// <param name="PromptRepeats">How often each few-shot document enters an epoch.</param>
/// <param name="CheckpointFractions">Where along the budget checkpoints are written (the last is always 1).</param>
/// <param name="SaveEvery">Steps between resume points besides the checkpoints.</param>
/// <param name="NumberVariants">Number variants made of each few-shot item (<see cref="Data.NumberVariants"/>; 0 = none).</param>
/// <param name="MaxPatchBytes">Plain Pd patches larger than this are left out of the training set (0 = keep all).</param>
public sealed record TrainSettings(
    DecoderShape Shape,
    int Steps,
    int Batch,
    double LearningRate,
    int Seed,
    int PromptRepeats,
    IReadOnlyList<double> CheckpointFractions,
    int SaveEvery,
    int NumberVariants = 0,
    int MaxPatchBytes = 0)
{
    /// <summary>
    /// The default family, sized for two CPU cores: d192, 4 layers, 4 heads, context 1024 (1.87M parameters), batch 4
    /// (4,096 tokens a step), 512 steps (2.1M tokens), each few-shot item repeated 4 times plus 8 number variants of it,
    /// all of Debian's documentation patches; checkpoints at 1/8, 1/4, 1/2 and all of the budget. Chosen from four
    /// trained mixes (docs/training.md, "Choosing the mix"): the only one that doubled on-prompt similarity on
    /// suites/core (0.075 vs 0.041) while keeping lint_ok far above the first checkpoint (0.72); context 512 cut half
    /// the core references short, and without the long documentation patches the model lost Pd's structure.
    /// </summary>
    public static TrainSettings Default { get; } = new(
        new DecoderShape(Data.ByteVocabulary.Size, Hidden: 192, Layers: 4, Heads: 4, FeedForward: 512, Context: 1024),
        Steps: 512, Batch: 4, LearningRate: 2e-3, Seed: 17, PromptRepeats: 4, CheckpointFractions: [0.125, 0.25, 0.5, 1.0], SaveEvery: 32,
        NumberVariants: 8, MaxPatchBytes: 0);

    /// <summary>The steps at which checkpoints are written, ascending, distinct, each at least 1, the last = <see cref="Steps"/>.</summary>
    public IReadOnlyList<int> CheckpointSteps =>
        CheckpointFractions.Select(f => Math.Clamp((int)Math.Round(f * Steps), 1, Steps)).Append(Steps).Distinct().Order().ToArray();

    /// <summary>Learning rate at 0-based <paramref name="step"/>: linear warm-up over 5% of the budget, then cosine to 10%.</summary>
    public double LearningRateAt(int step)
    {
        var warmup = Math.Max(1, Steps / 20);
        if (step < warmup) return LearningRate * (step + 1) / warmup;
        var progress = (double)(step - warmup) / Math.Max(1, Steps - warmup);
        return LearningRate * (0.1 + 0.9 * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }

    /// <summary>Throws a one-line error for settings that cannot train.</summary>
    public TrainSettings Validated()
    {
        Shape.Validated();
        if (Steps < 1 || Batch < 1 || LearningRate <= 0 || PromptRepeats < 1 || SaveEvery < 1)
            throw new ArgumentException($"steps, batch, learning rate, prompt repeats and save interval must be positive (steps {Steps}, batch {Batch}, lr " +
                $"{LearningRate})");
        if (CheckpointFractions.Any(f => f is <= 0 or > 1)) throw new ArgumentException("checkpoint fractions must lie in (0, 1]");
        return this;
    }
}
