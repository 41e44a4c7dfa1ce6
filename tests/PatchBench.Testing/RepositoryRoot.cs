namespace PatchBench.Testing;

/// <summary>The repository a test binary was built from: the nearest folder above it that holds PatchBench.sln.</summary>
public static class RepositoryRoot
{
    /// <summary>The repository's root folder; throws when the test binary does not sit inside a checkout.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir, "PatchBench.sln"))) dir = System.IO.Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException("PatchBench.sln not found above " + AppContext.BaseDirectory);
    }
}
