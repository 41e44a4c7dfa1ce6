namespace PatchBench.Harness.Tests;

/// <summary>Reads a file another process (a run being killed or resumed) may still be appending to.</summary>
internal static class WrittenFile
{
    /// <summary>Number of complete lines so far; shares the file so the writer keeps going.</summary>
    public static int CountLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var count = 0;
        int b;
        while ((b = stream.ReadByte()) >= 0) if (b == '\n') count++;
        return count;
    }
}
