using System.CommandLine;
using System.Globalization;
using PatchBench.Harness.Records;
using PatchBench.Training.Family;
using PatchBench.Training.Model;
using PatchBench.Cli.Harness;
using Spectre.Console;

namespace PatchBench.Cli.Commands;

/// <summary>
/// <c>patchbench train</c>: trains the embedded checkpoint family (TorchSharp) on suites/fewshot and Debian's Pd
/// documentation patches, after checking the held-out suite against the exact training set; writes the checkpoints
/// (GGUF and GenAI folder each) under models/&lt;family&gt;/ and training.json + contamination.md under
/// results/training/&lt;family&gt;/. Exit 0 trained or up to date, 1 the contamination check flagged items, 2 bad input.
/// </summary>
public static class TrainCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var d = TrainSettings.Default;
        var family = new Option<string>("--family") { Description = "family name (checkpoint stems are <family>-step<N>)", DefaultValueFactory = _ =>
            "pdtiny" };
        var steps = new Option<int>("--steps") { Description = "optimizer steps (the budget)", DefaultValueFactory = _ => d.Steps };
        var batch = new Option<int>("--batch") { Description = "windows per step", DefaultValueFactory = _ => d.Batch };
        var hidden = new Option<int>("--hidden") { Description = "embedding width", DefaultValueFactory = _ => d.Shape.Hidden };
        var layers = new Option<int>("--layers") { Description = "transformer blocks", DefaultValueFactory = _ => d.Shape.Layers };
        var heads = new Option<int>("--heads") { Description = "attention heads", DefaultValueFactory = _ => d.Shape.Heads };
        var ff = new Option<int>("--feed-forward") { Description = "SwiGLU width", DefaultValueFactory = _ => d.Shape.FeedForward };
        var context = new Option<int>("--context") { Description = "context length in tokens", DefaultValueFactory = _ => d.Shape.Context };
        var lr = new Option<double>("--lr") { Description = "peak learning rate", DefaultValueFactory = _ => d.LearningRate };
        var seed = new Option<int>("--seed") { Description = "seed of weights and data order", DefaultValueFactory = _ => d.Seed };
        var repeats = new Option<int>("--prompt-repeats") { Description = "times each few-shot document enters an epoch", DefaultValueFactory = _ =>
            d.PromptRepeats };
        var variants = new Option<int>("--number-variants") { Description = "number variants made of each few-shot item (0 = none)", DefaultValueFactory = _ =>
            d.NumberVariants };
        var maxPatch = new Option<int>("--max-patch-bytes") { Description = "leave out plain Pd patches larger than this (0 = keep all)",
            DefaultValueFactory = _ => d.MaxPatchBytes };
        var threads = new Option<int>("--threads", "-t") { Description = "threads (0 = physical cores)", DefaultValueFactory = _ => 0 };
        var fewshot = new Option<string>("--fewshot") { Description = "few-shot suite trained on", DefaultValueFactory = _ => "suites/fewshot" };
        var docs = new Option<string[]>("--patches") { Description = "folders of Pd patches trained on", DefaultValueFactory = _ => ["/usr/share/puredata/doc"],
            AllowMultipleArgumentsPerToken = true };
        var heldOut = new Option<string>("--held-out") { Description = "evaluation suite: checked for overlap, never trained on", DefaultValueFactory = _ =>
            "suites/core" };
        var models = new Option<string>("--models") { Description = "models folder", DefaultValueFactory = _ => "models" };
        var results = new Option<string>("--results") { Description = "results folder", DefaultValueFactory = _ => "results" };
        var command = new Command("train", "train the embedded checkpoint family (GGUF + GenAI folder per checkpoint, training.json, contamination.md)")
        {
            Options = { family, steps, batch, hidden, layers, heads, ff, context, lr, seed, repeats, variants, maxPatch, threads, fewshot, docs, heldOut,
                models, results },
        };
        command.SetAction(parse =>
        {
            var shape = d.Shape with
            {
                Hidden = parse.GetValue(hidden), Layers = parse.GetValue(layers), Heads = parse.GetValue(heads),
                FeedForward = parse.GetValue(ff), Context = parse.GetValue(context),
            };
            var settings = d with
            {
                Shape = shape, Steps = parse.GetValue(steps), Batch = parse.GetValue(batch), LearningRate = parse.GetValue(lr),
                Seed = parse.GetValue(seed), PromptRepeats = parse.GetValue(repeats),
                NumberVariants = parse.GetValue(variants), MaxPatchBytes = parse.GetValue(maxPatch),
            };
            var paths = new FamilyPaths(parse.GetValue(family)!, parse.GetValue(fewshot)!, parse.GetValue(docs)!, parse.GetValue(heldOut)!,
                parse.GetValue(models)!, parse.GetValue(results)!);
            var n = parse.GetValue(threads) is > 0 and var t ? t : CpuTopology.PhysicalCores();
            try
            {
                settings.Validated();
                var report = Train(paths, settings, n);
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{report.Family}: {report.Steps} steps, {report.Settings.Parameters:N0} parameters, {report.TokensPerSecond:0} tokens/s, " +
                        $"{report.WallSeconds:0} s training"));
                foreach (var c in report.Checkpoints)
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {c.Name}  step {c.Step}  loss {c.Loss:0.000}  {c.Gguf}  {c.Onnx}"));
                Console.Out.WriteLine($"report: {Path.Combine(paths.ReportDirectory, "training.json")}");
                return ExitCodes.Ok;
            }
            catch (ContaminationException e)
            {
                Console.Error.WriteLine(e.Message);
                return ExitCodes.Failure;
            }
            catch (Exception e) when (e is ArgumentException or DirectoryNotFoundException or FileNotFoundException or FormatException)
            {
                throw new UserInputException(e.Message);
            }
        });
        return command;
    }

    // A bar with step, loss, recent tokens/s and the time left at the recent speed (which drops when the machine gets busy).
    private static FamilyReport Train(FamilyPaths paths, TrainSettings settings, int threads)
    {
        void Note(string line) => Console.Error.WriteLine(line);
        if (!RunProgressDisplay.IsTerminal)
        {
            var every = Math.Max(1, settings.Steps / 32);
            return FamilyTraining.Run(paths, settings, threads, p =>
            {
                if (p.Step % every == 0 || p.Step == p.Steps) Note(Describe(p));
            }, Note);
        }
        FamilyReport? report = null;
        AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"train {paths.Family}", maxValue: settings.Steps);
                report = FamilyTraining.Run(paths, settings, threads, p =>
                {
                    task.Value = p.Step;
                    task.Description = Markup.Escape(Describe(p));
                }, line => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(line)}[/]"));
                task.Value = settings.Steps;
            });
        return report!;
    }

    private static string Describe(StepProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"step {p.Step}/{p.Steps}  loss {p.Loss:0.000}  {p.TokensPerSecond:0} tok/s  {Clock(p.Elapsed)} elapsed, {Clock(p.Remaining)} left at the last 16 " +
            $"steps' speed");

    // h:mm:ss once past an hour: a busy machine can make the time left hours, and mm:ss alone would hide them.
    private static string Clock(TimeSpan t) => t.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t:mm\\:ss}")
        : t.ToString(@"mm\:ss", CultureInfo.InvariantCulture);
}
