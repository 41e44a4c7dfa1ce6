namespace PatchBench.Harness.Tests;

/// <summary>Locates the repository (the folder holding PatchBench.sln) from the test binaries.</summary>
static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Suite(string name) => Path.Combine(Root, "suites", name);

    static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PatchBench.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("PatchBench.sln not found above " + AppContext.BaseDirectory);
    }
}
