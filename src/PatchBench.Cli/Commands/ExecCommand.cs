using PatchBench.Harness.Suites;
using System.CommandLine;
using System.Globalization;
using System.Text;
using PatchBench.Execution;
using PatchBench.Execution.Events;
using PatchBench.Execution.Json;

namespace PatchBench.Cli.Commands;

/// <summary><c>patchbench exec PATCH.pd…</c>: run patches in real Pd, sandboxed, and report the stage reached and what happened.</summary>
public static class ExecCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var patches = new Argument<string[]>("PATCH.pd") { Description = "Pd patch file(s) to run", Arity = ArgumentArity.OneOrMore };
        var seconds = new Option<double>("--seconds") { Description = "logical seconds to run with DSP on", DefaultValueFactory = _ => 1.0 };
        var format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var allow = new Option<bool>("--allow-unsandboxed") { Description =
            "run unconfined if bubblewrap cannot run here (the patch can then touch your files and network)" };
        var inPlace = new Option<bool>("--in-place") { Description =
            "show the patch's own folder (read-only) so abstractions and sound files beside it resolve" };
        var cmd = new Command("exec", "Run Pd patches headless in a sandbox: stage reached (parse, load, run), Pd's errors, prints and audio. Exit 0 when " +
            "all ran clean, 1 when one failed, 2 on unusable input.");
        cmd.Arguments.Add(patches);
        cmd.Options.Add(seconds);
        cmd.Options.Add(format);
        cmd.Options.Add(allow);
        cmd.Options.Add(inPlace);
        var profileOpt = new Option<string>("--profile") { Description =
            "object profile (catalog/profiles.json): vanilla, gem (runs under a virtual X server), cyclone", DefaultValueFactory = _ => "vanilla" };
        cmd.Options.Add(profileOpt);
        // UserInputException reaches PatchBenchCommand.RunAsync, which prints it as one line with exit code 2.
        cmd.SetAction(Execute);
        return cmd;

        async Task<int> Execute(ParseResult parse, CancellationToken cancel)
        {
            var files = parse.GetValue(patches) ?? [];
            double secs = parse.GetValue(seconds);
            if (!(secs > 0 && secs <= 600)) throw new UserInputException(
                $"--seconds must be above 0 and at most 600, got {secs.ToString(CultureInfo.InvariantCulture)}");
            var requests = new List<ExecRequest>();
            foreach (var f in files)
            {
                if (!File.Exists(f)) throw new UserInputException($"{f}: no such file");
                byte[] bytes;
                try { bytes = await File.ReadAllBytesAsync(f, cancel); }
                catch (Exception ex) when (ex is IOException
                    or UnauthorizedAccessException) { throw new UserInputException($"{f}: cannot read: {ex.Message}"); }
                requests.Add(new ExecRequest(Encoding.UTF8.GetString(bytes), f, parse.GetValue(inPlace)));
            }
            PdExecutor executor;
            try { executor = PdExecutor.Create(parse.GetValue(allow)); }
            catch (SandboxUnavailableException ex) { throw new UserInputException(ex.Message); }
            if (!executor.Launcher.Confined) Console.Error.WriteLine(
                "patchbench: WARNING: bubblewrap cannot run here; running unconfined because --allow-unsandboxed was given");
            var profile = PdProfiles.Find(parse.GetValue(profileOpt)!)
                ?? throw new UserInputException($"unknown profile '{parse.GetValue(profileOpt)}'; known: " +
                    $"{string.Join(", ", PdProfiles.All.Select(p => p.Name))}");
            using var pool = new PdWorkerPool(executor, new ExecOptions(Seconds: secs) { Profile = profile });
            var results = await pool.RunAllAsync(requests, cancel);
            if (parse.GetValue(format) == "json")
            {
                var reports = results.Select(ExecReport.From).ToArray();
                Console.Out.WriteLine(reports.Length == 1 ? reports[0].ToJson() : ExecReport.ToJson(reports));
            }
            else
            {
                foreach (var r in results) Console.Out.Write(Text(r));
            }
            return results.All(r => r.Ok) ? ExitCodes.Ok : ExitCodes.Failure;
        }
    }

    /// <summary>The human-readable report of one run.</summary>
    public static string Text(ExecResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"{r.Path}: {(r.Ok ? "ok" : "FAILED")}, stage {ExecReport.StageName(r.Stage)}, {r.Duration.TotalMilliseconds:0} ms, sandbox " +
            $"{r.Sandbox}\n");
        foreach (var d in r.Diagnostics) sb.Append(inv, $"  {r.Path}:{d.Line}:{d.Column}: {(d.Severity == Pd.PdSeverity.Error ? "error" : "warning")} " +
            $"{d.Code}: {d.Message}\n");
        foreach (var d in r.Dangers) sb.Append(inv, $"  {r.Path}:{d.Line}: risky ({d.Code}): {d.Message}\n");
        foreach (var e in r.Events.Where(e => e.Kind is not (PdEventKind.Print or PdEventKind.Post)))
            sb.Append(inv, $"  {r.Path}:{(e.Line is int l ? l.ToString(inv) : "?")}: {ExecReport.Snake(e.Severity)} {ExecReport.Snake(e.Kind)} " +
                $"({ExecReport.Snake(e.Phase)}): {e.Message}\n");
        foreach (var p in r.Printed) sb.Append(inv, $"  print {(p.Name.Length > 0 ? p.Name + ": " : "")}{p.Value}\n");
        if (r.Audio is { } a)
            foreach (var c in a.Channels)
                sb.Append(inv, $"  audio ch{c.Channel}: rms {c.Rms:0.0000} peak {c.Peak:0.0000}{(c.Silent ? " silent" : $" dominant {c.DominantHz:0} Hz")}\n");
        return sb.ToString();
    }
}
