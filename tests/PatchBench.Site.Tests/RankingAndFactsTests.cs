using FsCheck;
using FsCheck.Fluent;
using PatchBench.Harness.Records;
using PatchBench.Harness.Scoring;
using PatchBench.Harness.Statistics;
using PatchBench.Site.Html;
using PatchBench.Site.Pages;
using PatchBench.Site.Results;

namespace PatchBench.Site.Tests;

public sealed class RankingAndFactsTests
{
    private static LoadedRun Run(string id, double mean, double low, double high) => new("/x/" + id, new RunInfo
    {
        RunId = id,
        Suite = new SuiteIdentity("core", "1.0.0", "h"),
        System = new SystemIdentity(id, "s", "retrieval", null, null, new SortedDictionary<string, string>()),
        Plan = new PlanIdentity(1, null, 0, null, null, "p", []),
        Harness = new HarnessIdentity("0", null),
        Machine = new MachineInfo(),
        Aggregates = new RunAggregates
        {
            Overall = new GroupSummary { Metrics = [new MetricSummary { Name = HeadlineMetrics.FunctionalPass, Kind = MetricKind.Pass, HigherIsBetter = true,
                Mean = mean, CiLow = low, CiHigh = high }] },
        },
    }, [], null);

    [Fact]
    public void Runs_whose_intervals_overlap_the_group_leader_share_its_rank()
    {
        var ranked = SuiteGroup.Rank([Run("c", 0.5, 0.40, 0.60), Run("a", 0.9, 0.80, 1.0), Run("b", 0.85, 0.75, 0.95), Run("d", 0.1, 0.0, 0.2),
            Run("e", 0.45, 0.35, 0.55)], HeadlineMetrics.FunctionalPass);
        Assert.Equal(["a:1:True", "b:1:True", "c:3:True", "e:3:True", "d:5:False"], ranked.Select(r => $"{r.Run.Id}:{r.Rank}:{r.Tied}"));
    }

    [Fact]
    public void Runs_over_different_item_sets_get_separate_leaderboards()
    {
        LoadedRun On(string id, List<string> items, int? limit) =>
            Run(id, 0.5, 0.4, 0.6) is var r ? r with { Info = r.Info with { Plan = new PlanIdentity(1, limit, 1, null, null, "p" + items.Count, items) } }
                : null!;
        string[] all = ["a", "b", "c", "d"];
        var groups = SuiteGroup.ByItemSet([On("full-x", [.. all], null), On("small", ["c", "a"], 2), On("full-y", [.. all.Reverse()], null),
            On("small2", ["a", "c"], 2)]).ToList();

        Assert.Equal(2, groups.Count);
        Assert.Equal(("core 1.0.0", "core-1.0.0"), (groups[0].Key, groups[0].Slug));
        Assert.Equal(["full-x", "full-y"], groups[0].Runs.Select(r => r.Id)); // order of the plan's items does not matter
        Assert.Equal("core 1.0.0 · 2 items (limit 2, seed 1)", groups[1].Key);
        Assert.StartsWith("core-1.0.0-n2-", groups[1].Slug);
        Assert.Equal(["small", "small2"], groups[1].Runs.Select(r => r.Id));
    }

    [Fact]
    public void Runs_without_the_metric_come_last()
    {
        var noMetrics = Run("z", 0, 0, 0) with { };
        noMetrics = noMetrics with { Info = noMetrics.Info with { Aggregates = null } };
        var ranked = SuiteGroup.Rank([noMetrics, Run("a", 0.2, 0.1, 0.3)], HeadlineMetrics.FunctionalPass);
        Assert.Equal(["a", "z"], ranked.Select(r => r.Run.Id));
        Assert.Equal(2, ranked[1].Rank);
    }

    [Fact]
    public void Checkpoint_rule_reads_family_and_step_or_date_from_the_model_file_name()
    {
        Assert.Equal(("patchgen-7b", 1200.0, (double?)null), SystemFacts.Checkpoint("models/patchgen-7b-step1200.gguf"));
        Assert.Equal(("patchgen-7b", 300.0, (double?)null), SystemFacts.Checkpoint("models/patchgen-7b_ckpt300.gguf"));
        var (family, step, date) = SystemFacts.Checkpoint("models/mistral-pd-2024-03-05.gguf");
        Assert.Equal("mistral-pd", family);
        Assert.Null(step);
        Assert.Equal((new DateTime(2024, 3, 5) - DateTime.UnixEpoch).TotalDays, date);
        Assert.Equal(("plain", (double?)null, (double?)null), SystemFacts.Checkpoint("plain.gguf"));
        Assert.Equal(((string?)null, (double?)null, (double?)null), SystemFacts.Checkpoint(null));
    }

    [Fact]
    public void Checkpoint_rule_round_trips_any_family_and_step() =>
        Prop.ForAll(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789-".ToCharArray()).ArrayOf().Select(c => "m" + new string(c)).ToArbitrary(),
            Gen.Choose(0, 1_000_000).ToArbitrary(),
            (family, step) =>
            {
                var (f, s, d) = SystemFacts.Checkpoint($"models/{family}-step{step}.gguf");
                return f == family && s == step && d is null;
            }).QuickCheckThrowOnFailure();

    [Fact]
    public void Model_facts_are_what_the_run_recorded_and_nothing_is_guessed_from_names()
    {
        var spec = "llamacpp:models/Mistral-7B-Instruct-Q4_K_M.gguf,template=mistral";
        var options = new SortedDictionary<string, string> { ["fewshot"] = "2" };
        var info = Run("x", 0, 0, 0).Info with
        {
            System = new SystemIdentity(spec, "s", "llamacpp", null, "mistral", options),
            Machine = new MachineInfo { CpuModel = "Intel(R) Xeon(R) CPU @ 2.20GHz", Cores = 4, GpuName = "Tesla T4" },
        };
        // No recorded facts: the name is the file's, and size and quantisation stay blank rather than read off the name.
        var bare = SystemFacts.Of(info);
        Assert.Equal(("Mistral-7B-Instruct-Q4_K_M", "", "", false), (bare.Model, bare.Size, bare.Quantization, bare.FromModel));
        Assert.Equal(("mistral", "2", "Tesla T4"), (bare.Template, bare.FewShot, bare.Hardware));
        var recorded = SystemFacts.Of(info with
        {
            System = info.System with { Model = new ModelFacts { Name = "mistral-pd", Format = "gguf", Parameters = 7_241_732_096, Quantization = "Q4_K_M" } },
            Machine = new MachineInfo { CpuModel = "Intel(R) Xeon(R) CPU @ 2.20GHz", Cores = 4, PhysicalCores = 2 },
        });
        Assert.Equal(("mistral-pd", "7.24B", "Q4_K_M", true), (recorded.Model, recorded.Size, recorded.Quantization, recorded.FromModel));
        Assert.Equal("Intel Xeon @ 2.20GHz ×2", recorded.Hardware);
    }

    [Fact]
    public void A_server_run_is_named_by_the_model_it_recorded_asking_for()
    {
        var info = Run("x", 0, 0, 0).Info;
        var server = SystemFacts.Of(info with
        {
            System = new SystemIdentity("openai:http://127.0.0.1:8080/v1#pd-coder-step200", "s", "openai", null, null, new SortedDictionary<string, string>())
            {
                Model = new ModelFacts { Name = "pd-coder-step200", Format = "openai" },
            },
        });
        Assert.Equal(("pd-coder-step200", false, "pd-coder", 200.0), (server.Model, server.FromModel, server.Family, server.Step));
    }

    [Fact]
    public void The_run_page_names_logical_and_physical_cores_as_such()
    {
        Assert.Equal("2 physical / 4 logical cores", RunPage.CoresText(new MachineInfo { Cores = 4, LogicalCores = 4, PhysicalCores = 2 }));
        Assert.Equal("4 logical cores", RunPage.CoresText(new MachineInfo { Cores = 4 }));
        Assert.Null(RunPage.CoresText(new MachineInfo()));
    }

    [Fact]
    public void Relative_links_between_site_paths()
    {
        Assert.Equal("runs/a.md", SiteLinks.Relative("index.md", "runs/a.md"));
        Assert.Equal("../index.md", SiteLinks.Relative("runs/a.md", "index.md"));
        Assert.Equal("a/run.json", SiteLinks.Relative("runs/a.md", "runs/a/run.json"));
        Assert.Equal("../../runs/a.md", SiteLinks.Relative("items/core/x.md", "runs/a.md"));
        Assert.Equal("svg/x/r.svg", SiteLinks.Relative("items/core/x.md", "items/core/svg/x/r.svg"));
    }

    [Fact]
    public void Markdown_links_to_pages_become_html_links()
    {
        Assert.Equal("../runs/a.html#x", HtmlPageWriter.ToHtmlLink("../runs/a.md#x"));
        Assert.Equal("a/run.json", HtmlPageWriter.ToHtmlLink("a/run.json"));
        Assert.Equal("#top", HtmlPageWriter.ToHtmlLink("#top"));
    }
}
