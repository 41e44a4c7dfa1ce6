using PatchBench.Cli;

return await PatchBenchCommand.RunAsync(args);
