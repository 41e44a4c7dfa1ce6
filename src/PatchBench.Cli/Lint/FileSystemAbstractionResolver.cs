using PatchBench.Pd.Lint;

namespace PatchBench.Cli.Lint;

/// <summary>Finds abstractions and compiled externals on disk, as Pd does on Linux.</summary>
public sealed class FileSystemAbstractionResolver : IAbstractionResolver
{
    /// <summary>Where Debian's and a source build's Pd keep their standard <c>extra</c> folder.</summary>
    public static readonly string[] DefaultStandardPaths = ["/usr/lib/puredata/extra", "/usr/local/lib/pd/extra"];

    // Pd 0.53 on Linux loads NAME.pd_linux, NAME.l_amd64 (and friends) or NAME.so, in DIR or DIR/NAME.
    private static readonly string[] ExternalExtensions = [".pd_linux", ".l_amd64", ".l_i386", ".l_arm64", ".l_arm", ".so"];

    /// <summary>A resolver whose standard folders are <paramref name="standardPaths"/> (those that exist), or Pd's defaults.</summary>
    public FileSystemAbstractionResolver(IEnumerable<string>? standardPaths = null) =>
        StandardPaths = (standardPaths ?? DefaultStandardPaths).Where(Directory.Exists).Select(Path.GetFullPath).ToArray();

    /// <inheritdoc />
    public IReadOnlyList<string> StandardPaths { get; }

    /// <inheritdoc />
    public string? ReadPatch(string path)
    {
        try { return File.Exists(path) ? File.ReadAllText(path) : null; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <inheritdoc />
    public bool HasExternal(string directory, string name)
    {
        foreach (var ext in ExternalExtensions)
        {
            try
            {
                if (File.Exists(Path.Combine(directory, name + ext)) || File.Exists(Path.Combine(directory, name, Path.GetFileName(name) + ext)))
                    return true;
            }
            catch (ArgumentException) { return false; }
        }
        return false;
    }
}
