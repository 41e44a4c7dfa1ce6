// The native tests share one model and the machine's few cores; running them one at a time keeps
// them independent of each other's timing and free of contention on the shared context.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
