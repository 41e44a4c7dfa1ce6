using System.CommandLine;

namespace PatchBench.Cli;

/// <summary>The root of the <c>patchbench</c> command line: each sub-command lives in its own file under Commands/.</summary>
public static class PatchBenchCommand
{
    /// <summary>Builds the root command with every sub-command.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("PatchBench: evaluate language models that write Pure Data patches.");
        root.Subcommands.Add(Commands.LintCommand.Build());
        root.Subcommands.Add(Commands.CatalogCommand.Build());
        root.Subcommands.Add(Commands.SimilarityCommand.Build());
        root.Subcommands.Add(Commands.DrawCommand.Build());
        root.Subcommands.Add(Commands.ExecCommand.Build());
        root.Subcommands.Add(Commands.RunCommand.Build());
        root.Subcommands.Add(Commands.ScoreCommand.Build());
        root.Subcommands.Add(Commands.MergeCommand.Build());
        root.Subcommands.Add(Commands.CompareCommand.Build());
        root.Subcommands.Add(Commands.GateCommand.Build());
        root.Subcommands.Add(Commands.ThroughputCommand.Build());
        root.Subcommands.Add(Commands.GenerateCommand.Build());
        root.Subcommands.Add(Commands.ConvertCommand.Build());
        root.Subcommands.Add(Commands.SuiteCommand.Build());
        root.Subcommands.Add(Commands.SiteCommand.Build());
        root.Subcommands.Add(Commands.TrainCommand.Build());
        return root;
    }

    // Commands that may load llama.cpp or libtorch (both OpenMP) look at the machine's load before they start any work of
    // their own: later, their own sandboxed Pd runs (other processes) would count as load and make them sleep.
    private static void ChooseOpenMpWaitPolicy(string command)
    {
        if (command is not ("run" or "generate" or "throughput" or "train")) return;
        // Not printed: bad input must stay one line on stderr; throughput rows record the choice and its reason.
        PatchBench.Generation.OpenMpWaitPolicy.Apply();
    }

    /// <summary>Parses and runs; returns the process exit code (0 ok, 1 failure found, 2 unusable input or usage).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) Console.Error.WriteLine($"patchbench: {e.Message}");
            Console.Error.WriteLine("Run 'patchbench --help' for usage.");
            return ExitCodes.Usage;
        }
        ChooseOpenMpWaitPolicy(parse.CommandResult.Command.Name);
        try
        {
            // Without this, System.CommandLine catches every exception itself and exits 1, hiding UserInputException (exit 2).
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UserInputException ex)
        {
            Console.Error.WriteLine($"patchbench: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("patchbench: interrupted (finished work is saved; run the same command again to resume)");
            return ExitCodes.Failure;
        }
        catch (Exception ex)
        {
            // What System.CommandLine's default handler did: a bug is reported in full, exit 1.
            Console.Error.WriteLine($"patchbench: internal error: {ex}");
            return ExitCodes.Failure;
        }
    }
}

/// <summary>The exit codes of DESIGN.md.</summary>
public static class ExitCodes
{
    /// <summary>Success: clean, passed, ran.</summary>
    public const int Ok = 0;
    /// <summary>The command worked and found a failure (lint errors, a failed patch, a regression).</summary>
    public const int Failure = 1;
    /// <summary>Unusable input or usage.</summary>
    public const int Usage = 2;
}

/// <summary>A user mistake (missing file, bad option value): printed as one line, exit code 2, no stack trace.</summary>
public sealed class UserInputException(string message) : Exception(message);
