using PatchBench.Harness.Records;
namespace PatchBench.Execution;

/// <summary>
/// Runs many patches at once, each in a fresh confined Pd process, at most
/// <see cref="Concurrency"/> at a time (default: the machine's physical cores). Each worker slot
/// has its own number, so with bubblewrap as root each runs under its own user id.
/// </summary>
public sealed class PdWorkerPool : IDisposable
{
    private readonly PdExecutor executor;
    private readonly ExecOptions options;
    private readonly SemaphoreSlim gate;
    private readonly System.Collections.Concurrent.ConcurrentBag<int> freeSlots;

    /// <summary>Creates a pool.</summary>
    /// <param name="executor">The executor (and so the sandbox) every run uses.</param>
    /// <param name="options">Options for every run.</param>
    /// <param name="concurrency">Workers; default one per physical core (<see cref="CpuTopology.PhysicalCores"/>).</param>
    public PdWorkerPool(PdExecutor executor, ExecOptions options, int? concurrency = null)
    {
        this.executor = executor;
        this.options = options;
        Concurrency = Math.Max(1, concurrency ?? CpuTopology.PhysicalCores());
        gate = new SemaphoreSlim(Concurrency);
        freeSlots = new(Enumerable.Range(0, Concurrency));
    }

    /// <summary>How many Pd processes run at once.</summary>
    public int Concurrency { get; }

    /// <summary>Releases the slot gate; runs still in flight must have finished.</summary>
    public void Dispose() => gate.Dispose();

    /// <summary>Runs one patch when a worker is free.</summary>
    public async Task<ExecResult> RunAsync(ExecRequest request, CancellationToken cancel = default)
    {
        await gate.WaitAsync(cancel);
        freeSlots.TryTake(out int slot);
        try
        {
            return await executor.RunAsync(request, options, slot, cancel);
        }
        finally
        {
            freeSlots.Add(slot);
            gate.Release();
        }
    }

    /// <summary>Runs every patch; results in the order of <paramref name="requests"/>.</summary>
    public Task<ExecResult[]> RunAllAsync(IEnumerable<ExecRequest> requests, CancellationToken cancel = default) =>
        Task.WhenAll(requests.Select(r => RunAsync(r, cancel)));
}
