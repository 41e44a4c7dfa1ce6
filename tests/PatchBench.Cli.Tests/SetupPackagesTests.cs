using PatchBench.Testing;
using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;

namespace PatchBench.Cli.Tests;

/// <summary>
/// scripts/packages.txt is the one list of Debian packages set-up installs. These tests ask dpkg about each name, so a
/// machine that happens to have a package (pulled in by something else, or installed by hand) cannot hide a line that
/// is missing: the owner of every file the code uses must be named, and every named package must be installed.
/// </summary>
[Trait("Category", "Integration")] // asks dpkg about this machine's installed packages
public class SetupPackagesTests
{
    /// <summary>Files the code and tests use from Debian packages (what they run, load or read).</summary>
    private static readonly string[] UsedFiles =
    [
        "/usr/bin/puredata",                                   // PdExecutor, the oracle tests
        "/usr/lib/puredata/extra/sigmund~/sigmund~.pd_linux",   // the extra objects items and the catalog use
        "/usr/share/puredata/doc/5.reference",                 // the documentation corpus
        "/usr/lib/pd/extra/Gem/Gem.pd_linux",                  // -lib Gem
        "/usr/lib/pd/extra/cyclone",                           // the cyclone profile
        "/usr/bin/bwrap",                                      // the sandbox
        "/usr/bin/prlimit",                                    // limits inside the sandbox
        "/usr/bin/setpriv",
        "/usr/bin/Xvfb",                                       // Gem's virtual display
        "/usr/bin/xauth",
        "/usr/lib/x86_64-linux-gnu/dri/swrast_dri.so",         // Mesa software GL
        "/usr/bin/chromium",                                   // the site's browser tests
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",     // chart text
        "/usr/bin/gcc",
        "/usr/bin/g++",
        "/usr/bin/cmake",
        "/usr/bin/git",                                        // the llama.cpp source bundle
        "/usr/bin/jq",                                         // bench/throughput-vs-llama-bench.sh
    ];

    [Fact]
    public void Every_listed_package_is_installed()
    {
        var listed = PackageList.Parse(File.ReadAllText(PackagesTxt()));
        var present = InstalledOrProvided();
        var missing = listed.Where(p => !present.Contains(p.Name)).Select(p => p.Name).ToList();
        Assert.True(missing.Count == 0,
            $"Debian packages named in scripts/packages.txt are not installed: {string.Join(", ", missing)} (run scripts/setup.sh)");
    }

    [Fact]
    public void Every_package_owning_a_used_file_is_listed()
    {
        var listed = PackageList.Parse(File.ReadAllText(PackagesTxt())).Select(p => p.Name).ToHashSet();
        var unlisted = new List<string>();
        foreach (string path in UsedFiles)
        {
            var (code, output) = Run("dpkg", "-S", path);
            Assert.True(code == 0, $"no installed Debian package owns {path}: is its package in scripts/packages.txt and installed?");
            // "libgl1-mesa-dri:amd64: /usr/lib/..." or "puredata-core, puredata-doc: /usr/share/..." for a shared folder.
            var owners = output.Split('\n')[0].Split(": ")[0].Split(", ").Select(o => o.Split(':')[0].Trim()).ToList();
            if (!owners.Any(listed.Contains)) unlisted.Add($"{string.Join("/", owners)} (owns {path})");
        }
        Assert.True(unlisted.Count == 0, $"scripts/packages.txt does not name: {string.Join("; ", unlisted)}");
    }

    [Fact]
    public void Every_line_names_one_package_and_says_who_needs_it()
    {
        var listed = PackageList.Parse(File.ReadAllText(PackagesTxt()));
        Assert.Contains(listed, p => p.Name == "puredata-extra");
        Assert.All(listed, p => Assert.False(string.IsNullOrWhiteSpace(p.Why), $"packages.txt line {p.Line}: '{p.Name}' has no comment saying who needs it"));
    }

    [Fact]
    public void Parse_rejects_a_line_with_two_names()
    {
        var e = Assert.Throws<FormatException>(() => PackageList.Parse("gcc  # compiler\nxvfb xauth # display\n"));
        Assert.Equal("packages.txt line 2: expected one Debian package name before '#', found 'xvfb xauth'", e.Message);
    }

    [Fact]
    public void Parse_returns_the_names_written_in_order_whatever_the_comments_and_blank_lines()
    {
        var name = Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789+-.".ToCharArray()).ArrayOf()
            .Where(a => a.Length > 0 && char.IsAsciiLetterOrDigit(a[0])).Select(a => new string(a));
        var line = Gen.Zip(name, Gen.Elements("", "  # who", "\t#x # y", " #")).Select(t => (Name: t.Item1, Text: t.Item1 + t.Item2));
        var file = line.ListOf().Zip(Gen.Elements("\n", "\n\n", "\n# a comment line\n", "\n   \n"));
        Prop.ForAll(file.ToArbitrary(), f =>
        {
            string text = string.Join(f.Item2, f.Item1.Select(l => l.Text));
            return PackageList.Parse(text).Select(p => p.Name).SequenceEqual(f.Item1.Select(l => l.Name));
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>Names dpkg reports installed, plus the virtual names they provide (as apt would accept for a dependency).</summary>
    private static HashSet<string> InstalledOrProvided()
    {
        var (code, output) = Run("dpkg-query", "-W", "-f=${db:Status-Status}\t${Package}\t${Provides}\n");
        Assert.Equal(0, code);
        var names = new HashSet<string>();
        foreach (string row in output.Split('\n'))
        {
            var cells = row.Split('\t');
            if (cells.Length < 3 || cells[0] != "installed") continue;
            names.Add(cells[1]);
            // Provides: "nodejs-dev, npm (= 10.8.2)".
            foreach (string provided in cells[2].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                names.Add(provided.Split(' ')[0].Split(':')[0]);
        }
        return names;
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        _ = stderr.Result;
        return (p.ExitCode, stdout);
    }

    private static string PackagesTxt()
    {
        return Path.Combine(RepositoryRoot.Path, "scripts", "packages.txt");
    }
}

/// <summary>One line of scripts/packages.txt: the package name, why it is needed, and where it was written.</summary>
public sealed record ListedPackage(string Name, string Why, int Line);

/// <summary>Reads scripts/packages.txt as setup.sh does: '#' starts a comment, blank lines are skipped, one name per line.</summary>
public static class PackageList
{
    /// <summary>The packages in file order; a line with more than one word before its comment is a format error.</summary>
    public static IReadOnlyList<ListedPackage> Parse(string text)
    {
        var packages = new List<ListedPackage>();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int hash = lines[i].IndexOf('#');
            string body = (hash < 0 ? lines[i] : lines[i][..hash]).Trim();
            string why = hash < 0 ? "" : lines[i][(hash + 1)..].Trim();
            if (body.Length == 0) continue;
            if (body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length != 1)
                throw new FormatException($"packages.txt line {i + 1}: expected one Debian package name before '#', found '{body}'");
            packages.Add(new ListedPackage(body, why, i + 1));
        }
        return packages;
    }
}
