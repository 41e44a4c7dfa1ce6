using PatchBench.Testing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace PatchBench.Cli.Tests;

/// <summary>
/// Keeps the line-length rule of .editorconfig (<c>max_line_length</c>), which no analyzer enforces: every C# line in
/// src/, tests/ and bench/ fits the limit, so code reads side by side and in review without horizontal scrolling
/// (issue #16 counted 384 lines past it before this test existed).
/// </summary>
public sealed partial class SourceStyleTests
{
    private static readonly string[] Folders = ["src", "tests", "bench"];

    private static string Root => RepositoryRoot.Path;

    [GeneratedRegex(@"^\s*max_line_length\s*=\s*(\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex MaxLineLength();

    /// <summary>The limit as .editorconfig states it, so the test and the editors' guide cannot disagree.</summary>
    private static int Limit()
    {
        var match = MaxLineLength().Match(File.ReadAllText(Path.Combine(Root, ".editorconfig")));
        Assert.True(match.Success, ".editorconfig: expected a line 'max_line_length = N'");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>The C# sources of the repository, without build output (bin/, obj/).</summary>
    private static IEnumerable<string> Sources() =>
        Folders.Select(f => Path.Combine(Root, f)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories))
            .Where(f => !Path.GetRelativePath(Root, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal);

    [Fact]
    public void No_source_line_is_longer_than_editorconfig_max_line_length()
    {
        var limit = Limit();
        var sources = Sources().ToList();
        Assert.NotEmpty(sources);
        var tooLong = (from file in sources
                       from line in File.ReadAllLines(file).Select((text, index) => (text, number: index + 1))
                       where line.text.Length > limit
                       select $"{Path.GetRelativePath(Root, file)}:{line.number}: {line.text.Length} characters").ToList();
        Assert.True(tooLong.Count == 0,
            $"{tooLong.Count} lines are longer than .editorconfig's max_line_length = {limit}; break them at commas or operators:\n"
            + string.Join("\n", tooLong));
    }
}
