using PatchBench.Harness.Suites;
using PatchBench.Training.Data;
using PatchBench.Training.Export;
using PatchBench.Training.Model;

namespace PatchBench.Training.Tests;

/// <summary>Small trainings on the real few-shot pool: same seed, same weights; a stopped run resumes to the same weights.</summary>
[Trait("Category", "Integration")]
public class TrainerTests
{
    internal static TrainSettings Tiny(int steps) => TrainSettings.Default with
    {
        Shape = new DecoderShape(ByteVocabulary.Size, Hidden: 32, Layers: 2, Heads: 2, FeedForward: 64, Context: 64),
        Steps = steps, Batch = 2, SaveEvery = 4, CheckpointFractions = [0.5, 1.0],
    };

    internal static TrainingCorpus FewShotCorpus() =>
        TrainingCorpus.Build(SuiteLoader.Load(TestPaths.Suite("fewshot")).Suite!, [], promptRepeats: 2);

    // Trains in a fresh state folder; returns the GGUF bytes of each checkpoint and the loss curve.
    private static (Dictionary<int, byte[]> Checkpoints, IReadOnlyList<LossPoint> Curve) Train(TrainSettings s, string state,
        Action<StepProgress>? onStep = null, CancellationToken cancel = default)
    {
        var files = new Dictionary<int, byte[]>();
        var outcome = Trainer.Run(FewShotCorpus(), s, state, threads: 2, onStep, c =>
        {
            var path = Path.Combine(state, $"c{c.Step}.gguf");
            GgufExport.Write(path, "tiny", s.Shape, c.Model.GgufTensors(), c.Step);
            files[c.Step] = File.ReadAllBytes(path);
        }, cancel: cancel);
        return (files, outcome.Curve);
    }

    [Fact]
    public void Two_runs_with_the_same_seed_write_byte_identical_checkpoints()
    {
        var s = Tiny(8);
        var a = Train(s, TestPaths.Temp("det-a"));
        var b = Train(s, TestPaths.Temp("det-b"));
        Assert.Equal([4, 8], a.Checkpoints.Keys.Order());
        Assert.Equal(a.Checkpoints[8], b.Checkpoints[8]);
        Assert.Equal(a.Checkpoints[4], b.Checkpoints[4]);
        Assert.NotEqual(a.Checkpoints[4], a.Checkpoints[8]); // training changed the weights
        Assert.Equal(a.Curve, b.Curve);
        var other = Train(s with { Seed = s.Seed + 1 }, TestPaths.Temp("det-c"));
        Assert.NotEqual(a.Checkpoints[8], other.Checkpoints[8]);
    }

    [Fact]
    public void A_run_stopped_after_a_resume_point_continues_to_the_weights_of_an_uninterrupted_run()
    {
        var s = Tiny(12);
        var whole = Train(s, TestPaths.Temp("whole"));
        var state = TestPaths.Temp("stopped");
        using var stop = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => Train(s, state, p => { if (p.Step == 10) stop.Cancel(); }, stop.Token));
        Assert.EndsWith("step-000008", Trainer.LatestResumePoint(state)); // resume points at 4, 6 (a checkpoint) and 8
        var steps = new List<int>();
        var resumed = Train(s, state, onStep: p => steps.Add(p.Step));
        Assert.Equal(Enumerable.Range(9, 4), steps);
        Assert.Equal(whole.Checkpoints[12], resumed.Checkpoints[12]);
        Assert.Equal(whole.Curve, resumed.Curve);
    }
}
