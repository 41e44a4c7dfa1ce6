using System.Diagnostics;
using System.Text.Json;
using PatchBench.Training.Data;
using PatchBench.Training.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace PatchBench.Training.Model;

/// <summary>One point of the loss curve.</summary>
/// <param name="Step">Steps done.</param>
/// <param name="Tokens">Tokens trained on so far.</param>
/// <param name="Loss">Mean cross-entropy (nats/token) of that step's batch.</param>
public sealed record LossPoint(int Step, long Tokens, double Loss);

/// <summary>Progress after a step, for the progress bar.</summary>
/// <param name="Step">Steps done.</param>
/// <param name="Steps">The budget.</param>
/// <param name="Loss">This step's loss.</param>
/// <param name="TokensPerSecond">Recent speed (the last ~16 steps), which tracks a machine that just got busier.</param>
/// <param name="Elapsed">Wall time of this process's training so far.</param>
/// <param name="Remaining">Steps left at the recent speed.</param>
public sealed record StepProgress(int Step, int Steps, double Loss, double TokensPerSecond, TimeSpan Elapsed, TimeSpan Remaining);

/// <summary>A checkpoint reached: the live model, to be exported by the caller.</summary>
/// <param name="Step">Steps done.</param>
/// <param name="Tokens">Tokens trained on.</param>
/// <param name="Loss">Mean loss over the steps since the previous checkpoint.</param>
/// <param name="Model">The model at this step (do not keep it: training continues).</param>
public sealed record CheckpointReached(int Step, long Tokens, double Loss, LlamaDecoder Model);

/// <summary>What a finished training reports.</summary>
/// <param name="Curve">Loss per step over the whole run (resumed parts included).</param>
/// <param name="TrainingSeconds">Wall seconds spent training, summed over resumed parts.</param>
/// <param name="Tokens">Tokens trained on.</param>
/// <param name="ResumedFrom">The step this process resumed from (0 for a fresh start).</param>
public sealed record TrainingOutcome(IReadOnlyList<LossPoint> Curve, double TrainingSeconds, long Tokens, int ResumedFrom)
{
    /// <summary>Mean tokens per second over the run.</summary>
    public double TokensPerSecond => TrainingSeconds > 0 ? Tokens / TrainingSeconds : 0;
}

/// <summary>
/// Trains a <see cref="LlamaDecoder"/> with AdamW on <see cref="TokenWindows"/>, deterministically: a fixed seed for the
/// weights, batches that depend only on the step, no dropout. Resume points (model, optimizer, curve) go to
/// <c>state/step-NNNNNN/</c>, each written to a temporary folder and renamed, so a kill leaves the last complete one;
/// a new run in the same folder continues from it and ends with the weights an uninterrupted run would have.
/// </summary>
public static class Trainer
{
    private const string ModelFile = "model.bin", OptimizerFile = "optimizer.bin", ProgressFile = "progress.json";

    /// <summary>Trains (or resumes) in <paramref name="stateDirectory"/>; calls <paramref name="onCheckpoint"/> at every checkpoint step not yet
    /// exported.</summary>
    public static TrainingOutcome Run(
        TrainingCorpus corpus, TrainSettings settings, string stateDirectory, int threads,
        Action<StepProgress>? onStep, Action<CheckpointReached> onCheckpoint, Func<int, bool>? checkpointDone = null,
        CancellationToken cancel = default)
    {
        settings.Validated();
        LibTorchSharpLibrary.EnsureLoadable();
        return RunCore(corpus, settings, stateDirectory, threads, onStep, onCheckpoint, checkpointDone ?? (_ => false), cancel);
    }

    private static TrainingOutcome RunCore(
        TrainingCorpus corpus, TrainSettings s, string stateDirectory, int threads,
        Action<StepProgress>? onStep, Action<CheckpointReached> onCheckpoint, Func<int, bool> checkpointDone, CancellationToken cancel)
    {
        torch.set_num_threads(Math.Max(1, threads));
        torch.manual_seed(s.Seed);
        var windows = new TokenWindows(corpus, s.Shape.Context, s.Batch, s.Steps, s.Seed);
        using var model = new LlamaDecoder(s.Shape);
        using var optimizer = torch.optim.AdamW(model.parameters(), s.LearningRate, 0.9, 0.95, 1e-8, 0.01);
        var curve = new List<LossPoint>();
        double seconds = 0;
        var start = 0;
        if (LatestResumePoint(stateDirectory) is { } resume)
        {
            model.load(Path.Combine(resume, ModelFile));
            optimizer.load_state_dict(Path.Combine(resume, OptimizerFile));
            var progress = JsonSerializer.Deserialize<SavedProgress>(File.ReadAllText(Path.Combine(resume, ProgressFile)))!;
            (start, seconds) = (progress.Step, progress.Seconds);
            curve.AddRange(progress.Curve);
        }
        var resumedFrom = start;
        var checkpoints = s.CheckpointSteps;
        var tokensPerStep = (long)s.Batch * s.Shape.Context;
        var clock = Stopwatch.StartNew();
        var recent = new Queue<(int Step, double Seconds)>();
        recent.Enqueue((start, 0));
        model.train();
        for (var step = start; step < s.Steps; step++)
        {
            cancel.ThrowIfCancellationRequested();
            double loss;
            using (var scope = torch.NewDisposeScope())
            {
                var batch = torch.tensor(windows.BatchAt(step), [s.Batch, windows.Length], int64);
                var inputs = batch.narrow(1, 0, s.Shape.Context);
                var targets = batch.narrow(1, 1, s.Shape.Context);
                foreach (var group in optimizer.ParamGroups) group.LearningRate = s.LearningRateAt(step);
                optimizer.zero_grad();
                var logits = model.forward(inputs);
                var lossTensor = nn.functional.cross_entropy(logits.reshape(-1, s.Shape.Vocabulary), targets.reshape(-1));
                lossTensor.backward();
                nn.utils.clip_grad_norm_(model.parameters(), 1.0);
                optimizer.step();
                loss = lossTensor.item<float>();
            }
            var done = step + 1;
            curve.Add(new LossPoint(done, done * tokensPerStep, Math.Round(loss, 5)));
            var now = clock.Elapsed.TotalSeconds;
            recent.Enqueue((done, now));
            while (recent.Count > 17) recent.Dequeue();
            var (firstStep, firstSeconds) = recent.Peek();
            var secondsPerStep = (now - firstSeconds) / Math.Max(1, done - firstStep);
            onStep?.Invoke(new StepProgress(done, s.Steps, loss, tokensPerStep / Math.Max(secondsPerStep, 1e-9),
                TimeSpan.FromSeconds(now), TimeSpan.FromSeconds(secondsPerStep * (s.Steps - done))));

            var isCheckpoint = checkpoints.Contains(done);
            if (isCheckpoint && !checkpointDone(done))
            {
                var previous = checkpoints.Where(c => c < done).DefaultIfEmpty(0).Max();
                var mean = curve.Where(p => p.Step > previous && p.Step <= done).Average(p => p.Loss);
                model.eval();
                onCheckpoint(new CheckpointReached(done, done * tokensPerStep, Math.Round(mean, 5), model));
                model.train();
            }
            if (isCheckpoint || done % s.SaveEvery == 0)
                SaveResumePoint(stateDirectory, done, model, optimizer, new SavedProgress(done, seconds + clock.Elapsed.TotalSeconds, curve));
        }
        var total = seconds + clock.Elapsed.TotalSeconds;
        return new TrainingOutcome(curve, total, s.Steps * tokensPerStep, resumedFrom);
    }

    /// <summary>The resume point in effect: the newest complete <c>step-NNNNNN</c> folder, or null.</summary>
    public static string? LatestResumePoint(string stateDirectory) =>
        Directory.Exists(stateDirectory)
            ? Directory.GetDirectories(stateDirectory, "step-*")
                .Where(d => !d.EndsWith(".tmp", StringComparison.Ordinal) && File.Exists(Path.Combine(d, ProgressFile)))
                .OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            : null;

    private static void SaveResumePoint(string stateDirectory, int step, LlamaDecoder model, optim.Optimizer optimizer, SavedProgress progress)
    {
        var final = Path.Combine(stateDirectory, $"step-{step:D6}");
        var temp = final + ".tmp";
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        Directory.CreateDirectory(temp);
        model.save(Path.Combine(temp, ModelFile));
        ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(Path.Combine(temp, OptimizerFile));
        File.WriteAllText(Path.Combine(temp, ProgressFile), JsonSerializer.Serialize(progress));
        if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
        Directory.Move(temp, final);
        // Older resume points are no longer needed; the newest one is enough to continue.
        foreach (var old in Directory.GetDirectories(stateDirectory, "step-*").Where(d => string.CompareOrdinal(d, final) < 0))
            Directory.Delete(old, recursive: true);
    }

    private sealed record SavedProgress(int Step, double Seconds, List<LossPoint> Curve);
}
