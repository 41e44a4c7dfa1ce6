using FsCheck;
using FsCheck.Fluent;
using PatchBench.Harness.Runs;

namespace PatchBench.Harness.Tests;

public class ShardSourceTests
{
    private static Func<string, string?> Env(params (string Name, object Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value.ToString());
        return name => map.GetValueOrDefault(name);
    }

    private static ResolvedShard Resolve(string text, params (string, object)[] variables) => ShardSource.Resolve(text, Env(variables));

    private static string Refusal(string text, params (string, object)[] variables) =>
        Assert.Throws<HarnessInputException>(() => Resolve(text, variables)).Message;

    [Fact]
    public void Explicit_shard_ignores_the_environment()
    {
        var shard = Resolve("2/4", ("JOB_COMPLETION_INDEX", 0), ("SLURM_ARRAY_TASK_ID", 3));
        Assert.Equal(new Shard(2, 4), shard.Shard);
        Assert.Equal("--shard 2/4", shard.Origin);
    }

    [Fact]
    public void Kubernetes_index_is_zero_based_and_needs_the_count()
    {
        Assert.Equal(new Shard(1, 3), Resolve("auto/3", ("JOB_COMPLETION_INDEX", 0)).Shard);
        Assert.Equal(new Shard(3, 3), Resolve("auto/3", ("JOB_COMPLETION_INDEX", 2)).Shard);
        Assert.Contains("pass --shard auto/N with N = the Job's completions", Refusal("auto", ("JOB_COMPLETION_INDEX", 1)));
        Assert.Contains("JOB_COMPLETION_INDEX=3 does not fit 3 shards", Refusal("auto/3", ("JOB_COMPLETION_INDEX", 3)));
        Assert.Contains("not a whole number", Refusal("auto/3", ("JOB_COMPLETION_INDEX", "two")));
        Assert.Contains("not a whole number", Refusal("auto/3", ("JOB_COMPLETION_INDEX", -1)));
    }

    [Fact]
    public void Slurm_array_counts_from_its_minimum()
    {
        var slurm = new (string, object)[] { ("SLURM_ARRAY_TASK_ID", 1), ("SLURM_ARRAY_TASK_MIN", 1), ("SLURM_ARRAY_TASK_MAX", 3),
            ("SLURM_ARRAY_TASK_COUNT", 3) };
        Assert.Equal(new Shard(1, 3), Resolve("auto", slurm).Shard);
        Assert.Equal(new Shard(1, 3), Resolve("auto/3", slurm).Shard);
        Assert.Equal(new Shard(3, 4), Resolve("auto", ("SLURM_ARRAY_TASK_ID", 2), ("SLURM_ARRAY_TASK_MIN", 0), ("SLURM_ARRAY_TASK_MAX", 3)).Shard);
        Assert.Equal(new Shard(2, 2), Resolve("auto", ("SLURM_ARRAY_TASK_ID", 8), ("SLURM_ARRAY_TASK_MIN", 7), ("SLURM_ARRAY_TASK_COUNT", 2)).Shard);
        Assert.Equal("SLURM_ARRAY_TASK_ID=1 of 1..3", Resolve("auto", slurm).Origin);
    }

    [Fact]
    public void Slurm_contradictions_are_refused()
    {
        Assert.Contains("the Slurm array has 3 tasks but --shard says 4",
            Refusal("auto/4", ("SLURM_ARRAY_TASK_ID", 1), ("SLURM_ARRAY_TASK_MIN", 1), ("SLURM_ARRAY_TASK_MAX", 3), ("SLURM_ARRAY_TASK_COUNT", 3)));
        Assert.Contains("not contiguous",   // --array=0-15:4
            Refusal("auto", ("SLURM_ARRAY_TASK_ID", 4), ("SLURM_ARRAY_TASK_MIN", 0), ("SLURM_ARRAY_TASK_MAX", 12), ("SLURM_ARRAY_TASK_COUNT", 4)));
        Assert.Contains("lies outside the array 1..3",
            Refusal("auto", ("SLURM_ARRAY_TASK_ID", 9), ("SLURM_ARRAY_TASK_MIN", 1), ("SLURM_ARRAY_TASK_MAX", 3)));
        Assert.Contains("SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_MAX or SLURM_ARRAY_TASK_COUNT are not", Refusal("auto", ("SLURM_ARRAY_TASK_ID", 1)));
    }

    [Fact]
    public void Nothing_or_both_in_the_environment_is_refused_in_one_line()
    {
        var none = Refusal("auto");
        Assert.Contains("no scheduler index in the environment", none);
        Assert.DoesNotContain('\n', none);
        Assert.Contains("ambiguous", Refusal("auto/2", ("JOB_COMPLETION_INDEX", 0), ("SLURM_ARRAY_TASK_ID", 1), ("SLURM_ARRAY_TASK_MIN", 1),
            ("SLURM_ARRAY_TASK_MAX", 2)));
        Assert.Contains("expected auto, auto/N", Refusal("auto/0", ("JOB_COMPLETION_INDEX", 0)));
        Assert.Contains("expected auto, auto/N", Refusal("automatic", ("JOB_COMPLETION_INDEX", 0)));
        Assert.Contains("expected I/N", Refusal("0/3"));
    }

    [Fact]
    public void Every_task_of_any_array_gets_a_distinct_shard_and_together_they_cover_1_to_N() =>
        Prop.ForAll(Gen.Choose(1, 40).SelectMany(n => Gen.Choose(0, 1000).Select(min => (n, min))).ToArbitrary(), t =>
        {
            var (n, min) = t;
            var slurm = Enumerable.Range(min, n).Select(id => Resolve("auto",
                ("SLURM_ARRAY_TASK_ID", id), ("SLURM_ARRAY_TASK_MIN", min), ("SLURM_ARRAY_TASK_MAX", min + n - 1), ("SLURM_ARRAY_TASK_COUNT", n)).Shard)
                    .ToList();
            var kubernetes = Enumerable.Range(0, n).Select(i => Resolve($"auto/{n}", ("JOB_COMPLETION_INDEX", i)).Shard).ToList();
            var expected = Enumerable.Range(1, n).Select(i => new Shard(i, n)).ToList();
            return slurm.SequenceEqual(expected) && kubernetes.SequenceEqual(expected);
        }).QuickCheckThrowOnFailure();
}
