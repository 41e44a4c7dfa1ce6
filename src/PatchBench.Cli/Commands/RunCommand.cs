using PatchBench.Harness.Records;
using System.CommandLine;
using PatchBench.Cli.Harness;
using PatchBench.Harness.Runs;
using PatchBench.Harness.Systems;

namespace PatchBench.Cli.Commands;

/// <summary><c>patchbench run</c>: the benchmark. Resumes in the same folder when run again.</summary>
public static class RunCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var file = new Option<string?>("--file") { Description =
            "Run file in YAML (suite, systems, samples, limit, seed, items, shard, out, generate_only, concurrency); options given here override it" };
        var suite = new Option<string?>("--suite") { Description = "Suite folder (e.g. suites/core)" };
        var systems = new Option<string[]>("--system") { Description =
            "System spec, e.g. reference, empty, llamacpp:models/x.gguf,temperature=0.2 (repeatable)", AllowMultipleArgumentsPerToken = false };
        var samples = new Option<int>("--samples") { Description = "Samples per item", DefaultValueFactory = _ => 1 };
        var limit = new Option<int?>("--limit") { Description = "Run a seeded random subset of N items" };
        var seed = new Option<int>("--seed") { Description = "Seed of --limit and of bootstrap intervals", DefaultValueFactory = _ => 0 };
        var items = new Option<string?>("--items") { Description = "Run only these item ids (comma-separated)" };
        var shard = new Option<string?>("--shard") { Description =
            "Run shard I of N (1-based), e.g. 2/4; 'auto' takes it from a Slurm array, 'auto/N' from a Kubernetes Indexed Job of N completions; join shards " +
            "with 'patchbench merge'" };
        var output = new Option<string>("--out") { Description = "Results folder", DefaultValueFactory = _ => "results" };
        var generateOnly = new Option<bool>("--generate-only") { Description =
            "Generate and save outputs without scoring (score later with 'patchbench score RUN')" };
        var concurrency = new Option<int>("--concurrency") { Description = "Samples generated at once (raise for HTTP servers)", DefaultValueFactory = _ => 1 };
        var scoringConcurrency = new Option<int>("--scoring-concurrency") { Description = "Samples scored at once", DefaultValueFactory = _ =>
            CpuTopology.PhysicalCores() };

        var command = new Command("run", "Run systems over a suite, score every sample, and summarise (resumes when rerun)");
        foreach (var o in new Option[] { file, suite, systems, samples, limit, seed, items, shard, output, generateOnly, concurrency,
            scoringConcurrency }) command.Options.Add(o);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var runFile = parse.GetValue(file) is { } path ? Guard(() => RunFile.Load(path)) : null;
            // An option typed on the command line wins over the run file, which wins over the option's default.
            bool Given(Option option) => parse.GetResult(option) is { Implicit: false };
            T Pick<T>(Option<T> option, T? fromFile) where T : struct => Given(option) || fromFile is null ? parse.GetValue(option) : fromFile.Value;
            var suiteDir = parse.GetValue(suite) ?? runFile?.Suite ?? throw new UserInputException("no suite: give --suite DIR (or 'suite:' in the run file)");
            var specs = parse.GetValue(systems) is { Length: > 0 } given ? given : runFile?.Systems.ToArray() ?? [];
            if (specs.Length == 0) throw new UserInputException("no system: give --system SPEC (or 'systems:' in the run file)");
            // Before the suite loads, so a shard the scheduler cannot place fails at once.
            var resolvedShard = (parse.GetValue(shard) ?? runFile?.Shard) is { } s ? Guard(() => ShardSource.Resolve(s, Environment.GetEnvironmentVariable))
                : null;
            // A scheduler's log then says which part this process ran and why.
            if (resolvedShard is { } fromScheduler) Console.Out.WriteLine($"shard {fromScheduler.Shard} ({fromScheduler.Origin})");
            var loaded = Guard(() => HarnessSetup.SuiteLoader.Load(suiteDir));
            var itemText = parse.GetValue(items);
            var planOptions = new RunPlanOptions(
                Pick(samples, runFile?.Samples), parse.GetValue(limit) ?? runFile?.Limit, Pick(seed, runFile?.Seed),
                itemText is not null ? itemText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : runFile?.Items,
                resolvedShard?.Shard);
            var plan = Guard(() => RunPlan.Create(loaded, planOptions));
            var outDir = Given(output) || runFile?.Out is null ? parse.GetValue(output)! : runFile.Out;
            var onlyGenerate = Pick(generateOnly, runFile?.GenerateOnly);
            var generationConcurrency = Pick(concurrency, runFile?.Concurrency);
            var registry = HarnessSetup.Systems();
            var context = HarnessSetup.Context(loaded);
            var created = specs.Select(spec => Guard(() => registry.Create(SystemSpec.Parse(spec), context))).ToList();
            var results = await RunProgressDisplay.WithProgressAsync(async progress =>
            {
                var runner = new RunExecutor(HarnessSetup.Scorers(), progress,
                    new RunExecutorOptions(generationConcurrency, parse.GetValue(scoringConcurrency)));
                var done = new List<RunResult>();
                foreach (var system in created)
                    done.Add(await GuardAsync(() => runner.RunAsync(plan, system, outDir, onlyGenerate, cancellationToken)));
                return done;
            });
            foreach (var r in results) RunSummaryText.Write(Console.Out, r.Folder.Directory, r.Info);
            var errors = results.Sum(r => r.Errors);
            if (errors > 0) Console.Error.WriteLine($"patchbench: {errors} sample(s) recorded an error (see 'error' in samples.jsonl)");
            return errors > 0 ? ExitCodes.Failure : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Turns the harness's input errors into the CLI's.</summary>
    internal static T Guard<T>(Func<T> action)
    {
        try { return action(); }
        catch (HarnessInputException ex) { throw new UserInputException(ex.Message); }
    }

    /// <inheritdoc cref="Guard{T}"/>
    internal static async Task<T> GuardAsync<T>(Func<Task<T>> action)
    {
        try { return await action(); }
        catch (HarnessInputException ex) { throw new UserInputException(ex.Message); }
    }
}
