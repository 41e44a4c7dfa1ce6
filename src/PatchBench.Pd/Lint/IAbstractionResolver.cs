namespace PatchBench.Pd.Lint;

/// <summary>
/// The linter's window onto the file system, for finding abstractions the way Pd does. The Pd
/// project reads no files itself: the command line supplies a resolver over the disk, tests may
/// supply one over a dictionary.
/// </summary>
public interface IAbstractionResolver
{
    /// <summary>
    /// Folders Pd searches after the patch's own folder and its <c>#X declare -path</c> folders
    /// (Pd's standard <c>extra</c> folder, where <c>output~.pd</c> or <c>bonk~</c> live).
    /// </summary>
    IReadOnlyList<string> StandardPaths { get; }

    /// <summary>The text of the patch file at <paramref name="path"/>, or null when there is none.</summary>
    string? ReadPatch(string path);

    /// <summary>True when a compiled external named <paramref name="name"/> exists in <paramref name="directory"/>.</summary>
    bool HasExternal(string directory, string name);
}

/// <summary>Resolves nothing: every name that is not in the catalog is unknown.</summary>
public sealed class NoAbstractions : IAbstractionResolver
{
    /// <summary>The single instance.</summary>
    public static NoAbstractions Instance { get; } = new();

    /// <inheritdoc />
    public IReadOnlyList<string> StandardPaths => [];

    /// <inheritdoc />
    public string? ReadPatch(string path) => null;

    /// <inheritdoc />
    public bool HasExternal(string directory, string name) => false;
}
