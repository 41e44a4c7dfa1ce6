using System.Diagnostics;

namespace PatchBench.Training.Tests;

/// <summary>The repository, temporary folders and the real CLI the tests use.</summary>
internal static class TestPaths
{
    /// <summary>The repository root (the folder holding PatchBench.sln).</summary>
    public static string RepoRoot => PatchBench.Testing.RepositoryRoot.Path;

    /// <summary>Debian's puredata-doc patches (installed by set-up).</summary>
    public const string PdDoc = "/usr/share/puredata/doc";

    /// <summary>A repository suite folder.</summary>
    public static string Suite(string name) => Path.Combine(RepoRoot, "suites", name);

    /// <summary>A fresh temporary folder.</summary>
    public static string Temp(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "patchbench-train-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>The patchbench CLI built beside the tests.</summary>
    public static string Cli => Path.Combine(AppContext.BaseDirectory, "patchbench.dll");

    /// <summary>Starts the CLI in the repository root (where native/ and suites/ are).</summary>
    public static Process StartCli(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = RepoRoot };
        start.ArgumentList.Add(Cli);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return Process.Start(start)!;
    }

    /// <summary>Runs the CLI to the end: exit code, stdout, stderr.</summary>
    public static async Task<(int Code, string Stdout, string Stderr)> RunCliAsync(params string[] args)
    {
        using var p = StartCli(args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs a program, returning its exit code and combined output.</summary>
    public static (int Code, string Output) Run(string program, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout + stderr.Result);
    }
}
