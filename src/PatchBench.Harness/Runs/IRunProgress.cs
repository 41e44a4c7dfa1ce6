using PatchBench.Harness.Records;

namespace PatchBench.Harness.Runs;

/// <summary>Receives a run's progress: the CLI shows it as Spectre.Console bars on a terminal and as log lines otherwise.</summary>
public interface IRunProgress
{
    /// <summary>A run starts: <paramref name="total"/> samples, <paramref name="alreadyDone"/> of them found on disk.</summary>
    void Begin(string runId, string system, int total, int alreadyDone);

    /// <summary>A sample was written.</summary>
    void Completed(string runId, SampleRecord record);

    /// <summary>Something worth telling the user (a damaged line redone, a resumed run).</summary>
    void Note(string runId, string message);

    /// <summary>The run ended.</summary>
    void End(string runId);
}

/// <summary>Progress that goes nowhere (tests, benchmarks).</summary>
public sealed class SilentProgress : IRunProgress
{
    /// <summary>Notes received, for tests.</summary>
    public List<string> Notes { get; } = [];
    /// <inheritdoc />
    public void Begin(string runId, string system, int total, int alreadyDone) { }
    /// <inheritdoc />
    public void Completed(string runId, SampleRecord record) { }
    /// <inheritdoc />
    public void Note(string runId, string message) { lock (Notes) Notes.Add(message); }
    /// <inheritdoc />
    public void End(string runId) { }
}
