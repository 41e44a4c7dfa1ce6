namespace PatchBench.Harness.Tests;

/// <summary>Locates the repository (the folder holding PatchBench.sln) from the test binaries.</summary>
static class RepoPaths
{
    public static string Root => PatchBench.Testing.RepositoryRoot.Path;

    public static string Suite(string name) => Path.Combine(Root, "suites", name);
}
