using System.Diagnostics;
using System.Text.Json;

namespace PatchBench.Cli.Tests;

/// <summary>Runs the real built <c>patchbench lint</c> command as a process.</summary>
public sealed class LintCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("patchbench-lint-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Clean = "#N canvas 0 50 450 300 12;\n#X obj 10 10 loadbang;\n#X obj 10 40 f 3;\n#X obj 10 70 print;\n#X connect 0 0 1 0;\n#X " +
        "connect 1 0 2 0;\n";
    private const string Broken = "#N canvas 0 50 450 300 12;\n#X obj 10 10 osc~ 440;\n#X obj 10 40 nosuchthing;\n#X obj 10 70 print;\n#X connect 0 0 2 " +
        "0;\n#X connect 0 1 2 0;\n";

    private string Write(string relative, string text)
    {
        string path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    internal static (int Exit, string Out, string Err) Patchbench(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "patchbench.dll");
        Assert.True(File.Exists(dll), $"built command not found at {dll}");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }

    [Fact]
    public void Clean_patch_exits_0_with_no_errors()
    {
        var (exit, output, err) = Patchbench("lint", Write("clean.pd", Clean));
        Assert.True(exit == 0, $"exit {exit}\n{output}\n{err}");
        Assert.DoesNotContain(": error ", output);
    }

    [Fact]
    public void Errors_exit_1_and_print_compiler_style_lines()
    {
        string path = Write("broken.pd", Broken);
        var (exit, output, _) = Patchbench("lint", path);
        Assert.Equal(1, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"{path}:3:1: error PD101 [nosuchthing] couldn't create", output);
        Assert.Contains(lines, l => l.StartsWith($"{path}:5:1: error PD107 ", StringComparison.Ordinal) && l.Contains("[osc~ 440]") && l.Contains("[print]"));
        Assert.Contains(lines, l => l.StartsWith($"{path}:6:1: error PD103 ", StringComparison.Ordinal) && l.Contains("[osc~ 440] has 1 outlet"));
    }

    [Fact]
    public void Json_format_has_exactly_the_fields_of_the_design()
    {
        string clean = Write("a/clean.pd", Clean), broken = Write("a/b/broken.pd", Broken);
        var (exit, output, err) = Patchbench("lint", "--format", "json", Path.Combine(_dir, "a"));
        Assert.True(exit == 1, $"exit {exit}: {err}");
        using var doc = JsonDocument.Parse(output);
        var files = doc.RootElement.EnumerateArray().ToArray();
        Assert.Equal([broken, clean], files.Select(f => f.GetProperty("path").GetString()).Order(StringComparer.Ordinal));
        foreach (var file in files)
        {
            Assert.Equal(["path", "ok", "diagnostics"], file.EnumerateObject().Select(p => p.Name));
            var diags = file.GetProperty("diagnostics").EnumerateArray().ToArray();
            foreach (var d in diags)
            {
                Assert.Equal(["line", "column", "code", "severity", "message"], d.EnumerateObject().Select(p => p.Name));
                Assert.Contains(d.GetProperty("severity").GetString(), (string[])["error", "warning"]);
                Assert.Equal(JsonValueKind.Number, d.GetProperty("line").ValueKind);
            }
            bool anyError = diags.Any(d => d.GetProperty("severity").GetString() == "error");
            Assert.Equal(!anyError, file.GetProperty("ok").GetBoolean());
        }
        Assert.False(files.Single(f => f.GetProperty("path").GetString() == broken).GetProperty("ok").GetBoolean());
        Assert.True(files.Single(f => f.GetProperty("path").GetString() == clean).GetProperty("ok").GetBoolean());
    }

    [Fact]
    public void Abstractions_next_to_the_patch_are_found_with_their_ports()
    {
        Write("proj/twice.pd", "#N canvas 0 50 450 300 12;\n#X obj 10 10 inlet;\n#X obj 10 50 outlet;\n#X obj 80 50 outlet;\n");
        string main = Write("proj/main.pd", "#N canvas 0 50 450 300 12;\n#X obj 10 10 twice;\n#X obj 10 40 print;\n#X connect 0 1 1 0;\n");
        Assert.Equal(0, Patchbench("lint", main).Exit);
        string bad = Write("proj/bad.pd", "#N canvas 0 50 450 300 12;\n#X obj 10 10 twice;\n#X obj 10 40 print;\n#X connect 0 2 1 0;\n");
        var (exit, output, _) = Patchbench("lint", bad);
        Assert.Equal(1, exit);
        Assert.Contains("PD103", output);
    }

    [Fact]
    public void Missing_path_exits_2_naming_it()
    {
        var (exit, _, err) = Patchbench("lint", Write("ok.pd", Clean), Path.Combine(_dir, "nothere.pd"));
        Assert.Equal(2, exit);
        Assert.Contains("nothere.pd", err);
        Assert.DoesNotContain("   at ", err); // no stack trace for a user mistake
    }

    [Fact]
    public void Unknown_profile_and_format_exit_2()
    {
        string path = Write("ok.pd", Clean);
        Assert.Equal(2, Patchbench("lint", "--profile", "nosuchprofile", path).Exit);
        Assert.Equal(2, Patchbench("lint", "--format", "xml", path).Exit);
        Assert.Equal(2, Patchbench("lint").Exit);
    }
}
