using PatchBench.Harness.Records;
using PatchBench.Cli.Lint;
using PatchBench.Pd.Catalog;
using PatchBench.Pd.Lint;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using PatchBench.Execution;
using PatchBench.Execution.Checks;
using PatchBench.Generation.Extraction;
using PatchBench.Harness.Suites;
using PatchBench.Pd;
using PatchBench.Pd.Model;

namespace PatchBench.Cli.Commands;

/// <summary><c>patchbench suite validate|import|contamination</c>: keep suites sound and disjoint from training data.</summary>
public static class SuiteCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var cmd = new Command("suite", "Validate a suite, import prompt/patch data into one, or measure its overlap with training data.");
        cmd.Subcommands.Add(Validate());
        cmd.Subcommands.Add(Import());
        cmd.Subcommands.Add(ContaminationCommand());
        return cmd;
    }

    private static Suite LoadOrThrow(string dir, out IReadOnlyList<SuiteProblem> problems)
    {
        if (!Directory.Exists(dir)) throw new UserInputException($"{dir}: no such suite folder");
        var r = SuiteLoader.Load(dir);
        problems = r.Problems;
        return r.Suite!;
    }

    private static Command Validate()
    {
        var dir = new Argument<string>("DIR") { Description = "suite folder (with suite.yaml and items/)" };
        var cmd = new Command("validate", "Check a suite: it loads, every reference parses, reaches stage run in the sandbox and passes its own functional " +
            "checks. Exit 0 clean, 1 problems found, 2 unusable input.");
        cmd.Arguments.Add(dir);
        cmd.SetAction(async (parse, cancel) =>
        {
            var path = parse.GetValue(dir)!;
            var suite = LoadOrThrow(path, out var loadProblems);
            if (suite is null || loadProblems.Count > 0)
            {
                foreach (var p in loadProblems) Console.Out.WriteLine(p);
                Console.Out.WriteLine($"{loadProblems.Count} problem(s) loading {path}");
                return ExitCodes.Failure;
            }
            PdExecutor executor;
            try { executor = PdExecutor.Create(); }
            catch (SandboxUnavailableException ex) { throw new UserInputException(ex.Message); }
            using var runner = new ExecutorRunner(executor, CpuTopology.PhysicalCores());
            var checker = new FunctionalChecker(runner);
            var problems = new List<string>();
            var linter = new PdLinter(ObjectCatalog.Vanilla, new FileSystemAbstractionResolver());
            int skipped = 0;
            var results = await Task.WhenAll(suite.Items.Select(async item =>
            {
                var found = new List<string>();
                var refPath = Path.Combine(Path.GetDirectoryName(item.ItemPath)!, item.ReferenceFile);
                // Items that need a library (Gem) are outside the vanilla profile: the parser's errors stand in for lint.
                var diagnostics = item.Requires.Count > 0 ? item.Reference.Diagnostics : linter.Lint(item.Reference, refPath);
                foreach (var d in diagnostics.Where(d => d.Severity == PdSeverity.Error)) found.Add($"{refPath}:{d.Line}:{d.Column}: {d.Code} {d.Message}");
                if (item.Requires.Count > 0) { Interlocked.Increment(ref skipped); return found; }
                var run = await runner.RunAsync(new ExecRequest(item.ReferenceText, refPath), new ExecOptions(Seconds: 1.0), cancel);
                if (!run.Ok)
                    found.Add($"{refPath}:{run.Events.FirstOrDefault(e => e.IsError)?.Line ?? 0}: reaches only stage " +
                        $"{run.Stage.ToString().ToLowerInvariant()}: {string.Join("; ", run.Events.Where(e => e.IsError).Take(3).Select(e => e.Message))}");
                var report = await checker.CheckAsync(item, item.ReferenceText, cancel);
                foreach (var (o, c) in report.Outcomes.Zip(item.Checks).Where(p => !p.First.Passed))
                    found.Add($"{item.ItemPath}:{c.Line}: check '{o.Name}' fails on the reference: {string.Join("; ", o.Problems)}");
                return found;
            }));
            foreach (var f in results.SelectMany(r => r)) { Console.Out.WriteLine(f); problems.Add(f); }
            int checks = suite.Items.Sum(i => i.Checks.Count);
            Console.Out.WriteLine($"{suite.Manifest.Name} {suite.Manifest.Version}: {suite.Items.Count} items, {checks} checks, {problems.Count} problem(s)" +
                (skipped > 0 ? $"; {skipped} items with 'requires' were parse-checked only (not linted against vanilla, not run)" : ""));
            return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return cmd;
    }

    private static Command Import()
    {
        var file = new Argument<string>("FILE") { Description =
            "JSONL or CSV with a prompt column (instruction/prompt/Prompt) and a patch column (output/Patch Contents/patch)" };
        var outDir = new Option<string>("--out") { Description = "suite folder to write items into", Required = true };
        var category = new Option<string>("--category") { Description = "category of the imported items", DefaultValueFactory = _ => "control-math" };
        var cmd = new Command("import", "Turn prompt/patch rows into suite items (items/<id>.yaml + .pd, checks: [] to fill in). Patches wrapped in prose or " +
            "code fences are extracted. Exit 0, 1 when some rows had no patch, 2 on unusable input.");
        cmd.Arguments.Add(file);
        cmd.Options.Add(outDir);
        cmd.Options.Add(category);
        cmd.SetAction(parse =>
        {
            var src = parse.GetValue(file)!;
            var dest = parse.GetValue(outDir)!;
            var cat = parse.GetValue(category)!;
            if (!File.Exists(src)) throw new UserInputException($"{src}: no such file");
            if (!SuiteCategories.All.Contains(cat)) throw new UserInputException(
                $"unknown category '{cat}'; expected one of: {string.Join(", ", SuiteCategories.All)}");
            IReadOnlyList<PromptPatchRow> rows;
            try { rows = PromptPatchTable.Read(src); }
            catch (FormatException ex) { throw new UserInputException(ex.Message); }
            var items = Path.Combine(dest, "items");
            Directory.CreateDirectory(items);
            var manifest = Path.Combine(dest, "suite.yaml");
            if (!File.Exists(manifest))
                File.WriteAllText(manifest, $"name: {Slug(Path.GetFileName(Path.GetFullPath(dest)), 40)}\nversion: 0.1.0\ndescription: Imported from " +
                    $"{Path.GetFileName(src)}\nlicense: unknown\nprofile: vanilla\n");
            int written = 0, failed = 0, duplicates = 0;
            // Datasets repeat rows (PatchGen's does); the same prompt with the same patch is one item.
            var seen = new Dictionary<(string, string), int>();
            foreach (var row in rows)
            {
                var extracted = PatchExtractor.Extract(row.Patch);
                if (extracted.Status == ExtractionStatus.NotFound) { Console.Error.WriteLine(
                    $"{src}:{row.Line}: no Pd patch found in the patch column; skipped"); failed++; continue; }
                var key = (string.Join(' ', row.Prompt.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant(), extracted.Patch.Trim());
                if (seen.TryGetValue(key, out int first)) { Console.Error.WriteLine(
                    $"{src}:{row.Line}: same prompt and patch as line {first}; skipped"); duplicates++; continue; }
                seen[key] = row.Line;
                if (extracted.Status == ExtractionStatus.Truncated) Console.Error.WriteLine($"{src}:{row.Line}: the patch looks truncated; imported as is");
                var baseId = Slug(row.Prompt, 48);
                var id = baseId;
                for (int k = 2; File.Exists(Path.Combine(items, id + ".yaml")); k++) id = $"{baseId}-{k}";
                var patch = PdParser.Parse(extracted.Patch);
                File.WriteAllText(Path.Combine(items, id + ".pd"), extracted.Patch.EndsWith('\n') ? extracted.Patch : extracted.Patch + "\n");
                File.WriteAllText(Path.Combine(items, id + ".yaml"),
                    $"id: {id}\nprompt: {Quote(row.Prompt.Trim())}\ncategory: {cat}\ndifficulty: {Difficulty(patch.Root)}\nreference: {id}.pd\nsource: " +
                        $"{Quote($"{Path.GetFileName(src)} line {row.Line}")}\n{DerivedChecks.Yaml(patch.Root)}");
                written++;
            }
            Console.Out.WriteLine($"imported {written} item(s) into {items}" + (failed > 0 ? $"; {failed} row(s) without a patch" : "")
                + (duplicates > 0 ? $"; {duplicates} duplicate row(s)" : ""));
            return failed == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return cmd;
    }

    private static Command ContaminationCommand()
    {
        var dir = new Argument<string>("DIR") { Description = "suite folder" };
        var train = new Option<string[]>("--train") { Description = "training data: JSONL/CSV files (as import reads) or suite folders", Required = true,
            AllowMultipleArgumentsPerToken = true };
        var n = new Option<int>("--n") { Description = "n-gram length (words for prompts, Pd tokens for patches)", DefaultValueFactory = _ => 8 };
        var threshold = new Option<double>("--threshold") { Description = "share of an item's n-grams found in one training row that flags a likely leak",
            DefaultValueFactory = _ => 0.8 };
        var format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var cmd = new Command("contamination", "N-gram overlap of each item's prompt and reference with a training set; flags likely leaks. Exit 0 none " +
            "flagged, 1 some flagged, 2 unusable input.");
        cmd.Arguments.Add(dir);
        cmd.Options.Add(train);
        cmd.Options.Add(n);
        cmd.Options.Add(threshold);
        cmd.Options.Add(format);
        cmd.SetAction(parse =>
        {
            var suite = LoadOrThrow(parse.GetValue(dir)!, out var problems);
            if (suite is null) throw new UserInputException($"{parse.GetValue(dir)}: the suite does not load:\n{string.Join("\n", problems.Take(10))}");
            int len = parse.GetValue(n);
            if (len < 1) throw new UserInputException("--n must be at least 1");
            double th = parse.GetValue(threshold);
            var rows = new List<(PromptPatchRow, string)>();
            foreach (var t in parse.GetValue(train) ?? [])
            {
                if (Directory.Exists(t))
                {
                    var other = LoadOrThrow(t, out var p2) ?? throw new UserInputException($"{t}: the suite does not load:\n{string.Join("\n", p2.Take(10))}");
                    rows.AddRange(SuiteRows(other));
                }
                else if (File.Exists(t))
                {
                    try { rows.AddRange(PromptPatchTable.Read(t).Select(r => (r, t))); }
                    catch (FormatException ex) { throw new UserInputException(ex.Message); }
                }
                else throw new UserInputException($"{t}: no such file or suite folder");
            }
            var results = Contamination.Measure(suite.Items, rows, len, th);
            int flagged = results.Count(r => r.Flagged);
            if (parse.GetValue(format) == "json")
            {
                var json = new JsonObject
                {
                    ["suite"] = suite.Manifest.Name, ["n"] = len, ["threshold"] = th, ["training_rows"] = rows.Count, ["flagged"] = flagged,
                    ["items"] = new JsonArray(results.Select(r => (JsonNode)new JsonObject
                    {
                        ["id"] = r.ItemId, ["prompt_overlap"] = Math.Round(r.PromptOverlap, 4), ["patch_overlap"] = Math.Round(r.PatchOverlap, 4),
                        ["prompt_match"] = r.PromptMatch, ["patch_match"] = r.PatchMatch, ["flagged"] = r.Flagged,
                    }).ToArray()),
                };
                Console.Out.WriteLine(json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                foreach (var r in results.OrderByDescending(r => Math.Max(r.PromptOverlap, r.PatchOverlap)))
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{(r.Flagged ? "LEAK" : "ok  ")} {r.ItemId,-40} prompt {r.PromptOverlap:0.00} {r.PromptMatch ?? "-"}  patch {r.PatchOverlap:0.00} " +
                        $"{r.PatchMatch ?? "-"}"));
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{suite.Manifest.Name}: {results.Count} items vs {rows.Count} training rows, n={len}: {flagged} flagged at ≥ {th:0.##}; max prompt " +
                    $"overlap {results.Select(r => r.PromptOverlap).DefaultIfEmpty().Max():0.00}, max patch overlap " +
                    $"{results.Select(r => r.PatchOverlap).DefaultIfEmpty().Max():0.00}"));
            }
            return flagged == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return cmd;
    }

    /// <summary>A suite's items as training rows (to measure one suite against another).</summary>
    public static IEnumerable<(PromptPatchRow, string)> SuiteRows(Suite suite) =>
        suite.Items.Select(i => (new PromptPatchRow(i.Prompt, i.ReferenceText, 1), i.ItemPath));

    private static int Difficulty(PdCanvas root)
    {
        int boxes = root.Boxes.Count(b => b.Kind != PdBoxKind.Comment);
        return boxes <= 3 ? 1 : boxes <= 6 ? 2 : boxes <= 10 ? 3 : boxes <= 15 ? 4 : 5;
    }

    private static string Slug(string text, int max)
    {
        var sb = new StringBuilder();
        foreach (var ch in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(ch)) sb.Append(ch);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
            if (sb.Length >= max) break;
        }
        var s = sb.ToString().Trim('-');
        return s.Length == 0 ? "item" : s;
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
}
