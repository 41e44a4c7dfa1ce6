using System.Runtime.CompilerServices;
using PatchBench.Cli.Harness;
using PatchBench.Generation;
using PatchBench.Generation.Prompts;
using PatchBench.Generation.Replay;
using PatchBench.Generation.Retrieval;
using PatchBench.Generation.Systems;
using PatchBench.Harness.Records;
using PatchBench.Harness.Runs;
using PatchBench.Harness.Scoring;
using PatchBench.Harness.Systems;

namespace PatchBench.Harness.Tests;

public class RetrievalSystemTests
{
    private static BenchItem Item(string id, string prompt, string reference = "") =>
        new(id, prompt, "c", "1", reference.Length > 0 ? reference : $"#N canvas 0 50 450 300 12;\n#X obj 10 10 print {id};\n");

    private static readonly BenchSuite Pool = new("fewshot", "1.0.0", "h", [
        Item("sine", "Play a sine oscillator at 440 Hz through the speakers"),
        Item("sum", "Print the sum of two numbers when a bang arrives"),
        Item("metro", "Count upwards with a metronome every 500 milliseconds"),
    ]);

    private static ISystemUnderTest Create(string spec, BenchSuite pool) =>
        new SystemRegistry([.. BuiltInSystems.Backends, .. GenerationBackends.All()])
            .Create(SystemSpec.Parse(spec + ",pool=anywhere"), new SystemContext(pool, new FixedLoader(pool)));

    [Theory]
    [InlineData("retrieval")]
    [InlineData("retrieval,measure=bm25")]
    public async Task Retrieval_answers_with_the_reference_of_the_nearest_pool_prompt(string spec)
    {
        var system = Create(spec, Pool);
        var request = Item("new", "add two numbers and print their sum on a bang");
        var output = await system.GenerateAsync(request, 0, CancellationToken.None);
        Assert.Equal(Pool.Items.Single(i => i.Id == "sum").ReferencePatch, output.Text);
        var oscillator = await system.GenerateAsync(Item("new2", "a 440 Hz sine to the speakers"), 0, CancellationToken.None);
        Assert.Equal(Pool.Items.Single(i => i.Id == "sine").ReferencePatch, oscillator.Patch);
    }

    [Fact]
    public async Task Retrieval_never_returns_the_item_itself_nor_a_copy_of_its_prompt()
    {
        var copy = Item("sum-copy", "Print the sum of two numbers, when a bang arrives!");
        var pool = Pool with { Items = [.. Pool.Items, copy] };
        var system = (RetrievalSystem)Create("retrieval", pool);
        foreach (var item in pool.Items)
        {
            var chosen = system.Choose(item)!.Value.Item;
            Assert.NotEqual(item.Id, chosen.Id);
            Assert.NotEqual(string.Join(' ', PromptSimilarity.Words(item.Prompt)), string.Join(' ', PromptSimilarity.Words(chosen.Prompt)));
            var output = await system.GenerateAsync(item, 0, CancellationToken.None);
            Assert.NotEqual(item.ReferencePatch, output.Text);
        }
    }

    [Fact]
    public void Retrieval_over_the_shipped_fewshot_pool_excludes_the_item_and_is_deterministic()
    {
        var pool = HarnessSetup.SuiteLoader.Load(Path.Combine(RepoPaths.Root, "suites", "fewshot"));
        var system = (RetrievalSystem)HarnessSetup.Systems()
            .Create(SystemSpec.Parse($"retrieval,pool={Path.Combine(RepoPaths.Root, "suites", "fewshot")}"), HarnessSetup.Context(pool));
        foreach (var item in pool.Items.Take(20))
        {
            var a = system.Choose(item)!.Value;
            Assert.NotEqual(item.Id, a.Item.Id);
            Assert.Equal(a.Item.Id, system.Choose(item)!.Value.Item.Id);
        }
    }

    [Theory]
    [InlineData("retrieval,measure=cosine", "measure must be one of jaccard, bm25")]
    [InlineData("retrieval,fewshot=2", "unknown option 'fewshot' for backend 'retrieval'")]
    [InlineData("retrieval:x", "retrieval takes no target")]
    public void Bad_retrieval_specs_are_clear_errors(string spec, string expected)
    {
        var e = Assert.Throws<HarnessInputException>(() => HarnessSetup.Systems()
            .Create(SystemSpec.Parse(spec), new SystemContext(Pool, new FixedLoader(Pool))));
        Assert.Contains(expected, e.Message);
    }

    internal sealed class FixedLoader(BenchSuite suite) : IBenchSuiteLoader
    {
        public BenchSuite Load(string directory) => suite;
    }
}

public class ReplaySystemTests
{
    private static readonly BenchSuite Suite = TestSuites.InMemory(3);

    private static string Write(TempDir dir, params string[] lines)
    {
        var path = Path.Combine(dir.Path, "outputs.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static ISystemUnderTest Create(string path) =>
        HarnessSetup.Systems().Create(SystemSpec.Parse("replay:" + path), new SystemContext(Suite, new RetrievalSystemTests.FixedLoader(Suite)));

    [Fact]
    public async Task Replayed_outputs_are_extracted_and_scored_as_if_generated_here()
    {
        using var dir = new TempDir();
        var patch = Suite.Items[0].ReferencePatch;
        var answer = global::System.Text.Json.JsonSerializer.Serialize("Sure! Here is the patch:\n```pd\n" + patch + "```\nEnjoy.");
        var path = Write(dir,
            $$"""{"item_id": "item-001", "output": {{answer}}}""",
            "",
            """{"item_id": "item-002", "sample_index": 1, "text": "no patch here"}""",
            """{"item_id": "item-003", "completion": "#N canvas 0 50 450 300 12;\n#X obj 10 10 osc~"}""");
        var system = Create(path);
        var first = await system.GenerateAsync(Suite.Items[0], 0, CancellationToken.None);
        Assert.Equal(patch.TrimEnd(), first.Patch!.TrimEnd());
        Assert.Equal("complete", first.Extraction);
        Assert.StartsWith("Sure!", first.Text);
        Assert.Equal("not_found", (await system.GenerateAsync(Suite.Items[1], 1, CancellationToken.None)).Extraction);
        Assert.Equal("truncated", (await system.GenerateAsync(Suite.Items[2], 0, CancellationToken.None)).Extraction);
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => system.GenerateAsync(Suite.Items[1], 0, CancellationToken.None));
        Assert.Contains("no output for item 'item-002' sample 0", missing.Message);

        // Through the executor: the missing sample is a recorded error, the rest are scored.
        var plan = RunPlan.Create(Suite, new RunPlanOptions(Samples: 1));
        var result = await new RunExecutor([new ParseScorer()], new SilentProgress())
            .RunAsync(plan, system, Path.Combine(dir.Path, "results"), false, CancellationToken.None);
        var records = result.Folder.ReadSamples().OrderBy(r => r.ItemId).ToList();
        Assert.Equal(3, records.Count);
        Assert.Equal(1.0, records[0].Scores["parse_ok"]);
        Assert.Equal("complete", records[0].Extraction);
        Assert.Contains("no output for item 'item-002'", records[1].Error);
        Assert.Equal(1, result.Errors);
    }

    [Theory]
    [InlineData("""{"item_id": "nope", "output": "x"}""", ":2: item 'nope' is not in suite 'mini'")]
    [InlineData("{\"item_id\": \"item-002\", \"output\": \"x\"", ":2: not valid JSON")]
    [InlineData("""["item-002", "x"]""", ":2: expected a JSON object")]
    [InlineData("""{"item_id": "item-002"}""", ":2: missing \"output\"")]
    [InlineData("""{"output": "x"}""", ":2: missing \"item_id\"")]
    [InlineData("""{"item_id": "item-002", "output": 7}""", ":2: \"output\" must be a string")]
    [InlineData("""{"item_id": "item-002", "output": "x", "sample_index": -1}""", ":2: \"sample_index\" must be a non-negative integer")]
    [InlineData("""{"item_id": "item-001", "output": "again"}""", ":2: item 'item-001' sample 0 was already given on line 1")]
    public void Bad_lines_are_reported_with_their_line_number(string line, string expected)
    {
        using var dir = new TempDir();
        var path = Write(dir, """{"item_id": "item-001", "output": "first"}""", line);
        var e = Assert.Throws<HarnessInputException>(() => Create(path));
        Assert.Contains(path + expected, e.Message);
    }

    [Fact]
    public void A_missing_or_empty_replay_file_is_a_clear_error()
    {
        using var dir = new TempDir();
        Assert.Contains("not found", Assert.Throws<HarnessInputException>(() => Create(Path.Combine(dir.Path, "none.jsonl"))).Message);
        Assert.Contains("no outputs", Assert.Throws<HarnessInputException>(() => Create(Write(dir, "", " "))).Message);
    }
}

public class GeneratorSystemTests
{
    private static readonly BenchSuite Pool = TestSuites.InMemory(12, "pool");

    /// <summary>A generator that records requests and answers with prose around a fixed patch; it can also score.</summary>
    private sealed class ScriptedGenerator(string answer) : IGenerator, ILogLikelihoodScorer
    {
        public List<GenerationRequest> Requests { get; } = [];
        public int ScoreCalls;

        public Task<IReadOnlyList<Completion>> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
        {
            lock (Requests) Requests.Add(request);
            IReadOnlyList<Completion> result = [new Completion(answer, new TokenCounts(42, 17), FinishReason.StopString,
                new GenerationTimings { TimeToFirstTokenMs = 12.5, PromptTokensPerSecond = 300, GenerationTokensPerSecond = 40, TotalMs = 450 })];
            return Task.FromResult(result);
        }

        public async IAsyncEnumerable<string> StreamAsync(GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return answer;
        }

        public Task<Likelihood> ScoreAsync(string prompt, string continuation, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref ScoreCalls);
            return Task.FromResult(new Likelihood(-20, 10, []));
        }
    }

    private static GeneratorSystem System(ScriptedGenerator g, PromptFormat format = PromptFormat.Alpaca, int fewShot = 3, int seed = 0) =>
        new(SystemSpec.Parse("scripted"), g, new GeneratorSystemSettings(format, PromptBuilder.DefaultSystem, fewShot, SimilarityMeasure.Jaccard,
            DecodingSettings.Greedy(64), seed, true), new FewShotPool(Pool));

    [Fact]
    public async Task The_prompt_holds_the_k_nearest_examples_never_the_item_itself()
    {
        var g = new ScriptedGenerator("Here you go:\n```\n#N canvas 0 50 450 300 12;\n#X obj 10 10 print;\n```");
        var system = System(g);
        foreach (var item in Pool.Items)
        {
            var prompt = system.BuildPrompt(item).Text!;
            var expected = new FewShotPool(Pool).Nearest(item, 3, SimilarityMeasure.Jaccard, 0).Select(n => n.Item).ToList();
            Assert.Equal(3, expected.Count);
            Assert.DoesNotContain(expected, e => e.Id == item.Id);
            foreach (var e in expected) Assert.Contains($"### Instruction:\n{e.Prompt}\n", prompt);
            // The item's own prompt appears exactly once: as the request, not as an example.
            Assert.Single(global::System.Text.RegularExpressions.Regex.Matches(prompt,
                global::System.Text.RegularExpressions.Regex.Escape(item.Prompt + "\n")));
            Assert.DoesNotContain(item.ReferencePatch.TrimEnd(), prompt);
            Assert.EndsWith("### Response:\n", prompt);
            Assert.Equal(prompt, system.BuildPrompt(item).Text);
        }
    }

    [Fact]
    public async Task Output_maps_patch_tokens_timings_finish_reason_and_perplexity_once_per_item()
    {
        var g = new ScriptedGenerator("Sure! here's the patch you requested:\n```pd\n#N canvas 0 50 450 300 12;\n#X obj 10 10 print;\n```\nHave fun.");
        var system = System(g, seed: 7);
        var item = Pool.Items[0];
        var outputs = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => system.GenerateAsync(item, i, CancellationToken.None)));
        var o = outputs[0];
        Assert.Equal("#N canvas 0 50 450 300 12;\n#X obj 10 10 print;", o.Patch!.TrimEnd());
        Assert.Equal("complete", o.Extraction);
        Assert.Equal("stop_string", o.FinishReason);
        Assert.Equal(new TokenCounts(42, 17), o.Tokens);
        Assert.Equal(12.5, o.Timings!.TimeToFirstTokenMs);
        Assert.Equal(450, o.Timings.TotalMs);
        Assert.Equal(Math.Exp(2), o.ReferenceLogLikelihood!.Perplexity!.Value, 9);
        Assert.Equal(1, g.ScoreCalls);
        Assert.StartsWith("Below is an instruction", o.Prompt);
        // Sample i decodes with seed + i, and the template's stop strings are set.
        Assert.Equal([7u, 8u, 9u], g.Requests.Select(r => r.Decoding.Seed!.Value).Order());
        Assert.All(g.Requests, r => Assert.Contains("### Instruction:", r.Decoding.Stop));
    }

    [Fact]
    public async Task The_chat_template_sends_messages_with_examples_as_turns()
    {
        var g = new ScriptedGenerator("#N canvas 0 50 450 300 12;\n");
        var system = System(g, PromptFormat.Chat, fewShot: 2);
        await system.GenerateAsync(Pool.Items[3], 0, CancellationToken.None);
        var messages = g.Requests.Single().Messages!;
        Assert.Equal(["system", "user", "assistant", "user", "assistant", "user"], messages.Select(m => m.Role));
        Assert.Equal(Pool.Items[3].Prompt, messages[^1].Content);
        // No text prompt to score the reference after, and no renderer given: no perplexity rather than a wrong one.
        Assert.Equal(0, g.ScoreCalls);
    }

    [Theory]
    [InlineData("llamacpp:{model},temprature=0.2", "unknown option 'temprature' for backend 'llamacpp'")]
    [InlineData("llamacpp:{model},temperature=hot", "temperature must be a number in [0, 100], got 'hot'")]
    [InlineData("llamacpp:{model},template=vicuna", "unknown template 'vicuna'")]
    [InlineData("llamacpp:{model},gpu_layers=10", "gpu_layers needs device=cuda")]
    [InlineData("llamacpp:/no/such/model.gguf", "model file '/no/such/model.gguf' not found")]
    [InlineData("llamacpp:{notgguf}", "not a GGUF")]
    [InlineData("openai:http://127.0.0.1:8080/v1", "names no model")]
    [InlineData("openai:ftp://host/v1#m", "is not an http(s) URL")]
    [InlineData("openai:http://127.0.0.1:8080/v1#m,concurrency=0", "concurrency must be an integer in [1, 1024]")]
    [InlineData("openai:http://127.0.0.1:8080/v1#m,api_key_env=PATCHBENCH_UNSET_KEY_VAR", "PATCHBENCH_UNSET_KEY_VAR")]
    [InlineData("openai:http://127.0.0.1:8080/v1#m,fewshot=2,pool=/no/such/pool", "no such suite folder")]
    public void Bad_generator_specs_are_clear_errors(string spec, string expected)
    {
        using var dir = new TempDir();
        var notGguf = Path.Combine(dir.Path, "x.gguf");
        File.WriteAllText(notGguf, "hello, not a model");
        spec = spec.Replace("{model}", GenerationTestModel.Path).Replace("{notgguf}", notGguf);
        var e = Assert.Throws<HarnessInputException>(() => HarnessSetup.Systems().Create(SystemSpec.Parse(spec), HarnessSetup.Context(Pool)));
        Assert.Contains(expected, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_concurrent_system_is_generated_in_parallel_by_the_executor()
    {
        using var dir = new TempDir();
        var system = new CountingSystem(3);
        var plan = RunPlan.Create(TestSuites.InMemory(9), new RunPlanOptions());
        await new RunExecutor([new ParseScorer()], new SilentProgress(), new RunExecutorOptions(GenerationConcurrency: 1))
            .RunAsync(plan, system, dir.Path, false, CancellationToken.None);
        Assert.Equal(3, system.MaxInFlight);
    }

    private sealed class CountingSystem(int concurrency) : ISystemUnderTest, IConcurrentSystem
    {
        private int _inFlight;
        public int MaxInFlight;
        public SystemSpec Spec { get; } = SystemSpec.Parse("counting");
        public int Concurrency => concurrency;

        public async Task<SystemOutput> GenerateAsync(BenchItem item, int sampleIndex, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _inFlight);
            lock (this) MaxInFlight = Math.Max(MaxInFlight, now);
            await Task.Delay(100, cancellationToken);
            Interlocked.Decrement(ref _inFlight);
            return new SystemOutput(item.ReferencePatch);
        }
    }
}
