using PatchBench.Harness.Runs;
using PatchBench.Harness.Systems;

namespace PatchBench.Harness.Tests;

public class RunPlanTests
{
    private static readonly BenchSuite Suite = TestSuites.InMemory(200);

    [Fact]
    public void Limit_takes_a_seeded_random_subset_not_the_first_items()
    {
        var a = RunPlan.Create(Suite, new RunPlanOptions(Limit: 10, Seed: 3));
        var again = RunPlan.Create(Suite, new RunPlanOptions(Limit: 10, Seed: 3));
        var other = RunPlan.Create(Suite, new RunPlanOptions(Limit: 10, Seed: 4));
        Assert.Equal(10, a.Items.Count);
        Assert.Equal(a.Items, again.Items);
        Assert.NotEqual(a.Items, other.Items);
        Assert.NotEqual(Suite.Items.Take(10), a.Items);
        // Listed in suite order.
        Assert.Equal(a.Items.OrderBy(i => i.Id, StringComparer.Ordinal), a.Items);
    }

    [Fact]
    public void Shards_partition_the_selection_and_share_a_plan_hash()
    {
        var full = RunPlan.Create(Suite, new RunPlanOptions(Limit: 50, Seed: 1));
        var shards = Enumerable.Range(1, 4).Select(i => RunPlan.Create(Suite, new RunPlanOptions(Limit: 50, Seed: 1, Shard: new Shard(i, 4)))).ToList();
        Assert.Equal(full.Items.Select(i => i.Id).Order(), shards.SelectMany(s => s.Items).Select(i => i.Id).Order());
        Assert.Equal(50, shards.Sum(s => s.Items.Count));
        Assert.All(shards, s => Assert.Equal(full.PlanHash, s.PlanHash));
        Assert.InRange(shards.Max(s => s.Items.Count) - shards.Min(s => s.Items.Count), 0, 1);
        var spec = SystemSpec.Parse("reference");
        Assert.EndsWith("-shard2of4", shards[1].RunId(spec, null));
        Assert.Equal(full.RunId(spec, null), shards[1].RunId(spec, null, sharded: false));
    }

    [Fact]
    public void Items_filter_keeps_named_items_and_rejects_unknown_ones()
    {
        var plan = RunPlan.Create(Suite, new RunPlanOptions(Samples: 3, Items: ["item-007", "item-002"]));
        Assert.Equal(["item-002", "item-007"], plan.Items.Select(i => i.Id));
        Assert.Equal(6, plan.Units.Count());
        var ex = Assert.Throws<HarnessInputException>(() => RunPlan.Create(Suite, new RunPlanOptions(Items: ["nope"])));
        Assert.Contains("'nope'", ex.Message);
    }

    [Theory]
    [InlineData("0/4")]
    [InlineData("5/4")]
    [InlineData("1-4")]
    [InlineData("a/b")]
    public void Bad_shard_is_a_clear_error(string text) =>
        Assert.Contains("expected I/N", Assert.Throws<HarnessInputException>(() => Shard.Parse(text)).Message);

    [Fact]
    public void Run_id_is_deterministic_and_changes_with_system_plan_and_suite()
    {
        var plan = RunPlan.Create(Suite, new RunPlanOptions(Samples: 2));
        var spec = SystemSpec.Parse("llamacpp:models/tiny.gguf,temperature=0.2,template=mistral");
        var reordered = SystemSpec.Parse("llamacpp:models/tiny.gguf,template=mistral,temperature=0.2");
        Assert.Equal(plan.RunId(spec, "m"), RunPlan.Create(Suite, new RunPlanOptions(Samples: 2)).RunId(reordered, "m"));
        Assert.StartsWith("mini-llamacpp-tiny-", plan.RunId(spec, "m"));
        Assert.NotEqual(plan.RunId(spec, "m"), plan.RunId(spec, "other-model"));
        Assert.NotEqual(plan.RunId(spec, "m"), RunPlan.Create(Suite, new RunPlanOptions(Samples: 3)).RunId(spec, "m"));
        Assert.NotEqual(plan.RunId(spec, "m"), RunPlan.Create(Suite with { Hash = "changed" }, new RunPlanOptions(Samples: 2)).RunId(spec, "m"));
    }

    [Fact]
    public void System_spec_parses_target_and_options()
    {
        var spec = SystemSpec.Parse("openai:http://127.0.0.1:8080/v1#model-name,temperature=0.2,seed=1");
        Assert.Equal("openai", spec.Backend);
        Assert.Equal("http://127.0.0.1:8080/v1#model-name", spec.Target);
        Assert.Equal("0.2", spec.Option("temperature"));
        Assert.Equal("openai:http://127.0.0.1:8080/v1#model-name,seed=1,temperature=0.2", spec.Canonical);
        Assert.Contains("not key=value", Assert.Throws<HarnessInputException>(() => SystemSpec.Parse("reference,oops")).Message);
    }
}
