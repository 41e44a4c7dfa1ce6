using PatchBench.Execution.Sandbox;

namespace PatchBench.Execution.Tests;

/// <summary>Every test that starts real Pd shares one executor and runs in one collection, so they do not compete for the two cores and the leftover-process
/// checks see only their own runs.</summary>
public sealed class PdFixture : IDisposable
{
    public void Dispose()
    {
        try { Directory.Delete(RunRoot, recursive: true); } catch (IOException) { }
    }

    /// <summary>This test process's own folder for run folders, so leftover checks ignore other test processes' runs.</summary>
    public static readonly string RunRoot = Path.Combine(WorkDirectories.Root, $"tests-{Environment.ProcessId}");

    public PdExecutor Sandboxed { get; } = PdExecutor.Create().WithWorkRoot(RunRoot);

    public static ExecOptions Quick(double seconds = 0.2, double wallSeconds = 20) =>
        new(Seconds: seconds, WallClockLimit: TimeSpan.FromSeconds(wallSeconds));

    public Task<ExecResult> Run(string text, ExecOptions? options = null) =>
        Sandboxed.RunAsync(new ExecRequest(text), options ?? Quick());

    /// <summary>Processes still alive whose command line names a run folder.</summary>
    public static IReadOnlyList<string> LeftoverProcesses()
    {
        var root = RunRoot;
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
            try
            {
                var cmd = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmd.Contains(root, StringComparison.Ordinal)) found.Add($"{Path.GetFileName(dir)}: {cmd}");
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    /// <summary>Asserts the stage, showing every event and the exit code when it differs.</summary>
    public static void AssertStage(ExecStage expected, ExecResult r)
    {
        if (r.Stage != expected)
            Assert.Fail($"expected stage {expected}, got {r.Stage} (exit {r.ExitCode}, {r.Duration.TotalMilliseconds:0} ms):\n" +
                string.Join("\n", r.Events.Select(e => $"  {e.Kind} {e.Phase}: {e.Message}")));
    }

    /// <summary>A patch: header plus records, one per line.</summary>
    public static string Patch(params string[] records) =>
        "#N canvas 0 0 600 400 12;\n" + string.Concat(records.Select(r => r + "\n"));
}

[CollectionDefinition("pd")]
public sealed class PdCollection : ICollectionFixture<PdFixture>;
