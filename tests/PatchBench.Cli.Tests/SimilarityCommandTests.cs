using System.Diagnostics;
using System.Text.Json;
using System.Xml.Linq;

namespace PatchBench.Cli.Tests;

/// <summary>Runs the real <c>patchbench</c> binary (as a separate process, so console output is its own).</summary>
public class SimilarityCommandTests
{
    private const string Examples = "/usr/share/puredata/doc/2.control.examples";

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "patchbench.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void A_patch_compared_with_itself_scores_one_in_json()
    {
        var (code, stdout, _) = Run("similarity", $"{Examples}/05.counter.pd", $"{Examples}/05.counter.pd", "--format", "json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(1.0, doc.RootElement.GetProperty("graph").GetDouble());
        Assert.Equal(1.0, doc.RootElement.GetProperty("nodes_f1").GetDouble());
        Assert.Equal(1.0, doc.RootElement.GetProperty("edges_f1").GetDouble());
        Assert.Equal(0, doc.RootElement.GetProperty("missing").GetArrayLength());
    }

    [Fact]
    public void Different_patches_print_scores_and_coloured_drawings()
    {
        string dir = Path.Combine(Path.GetTempPath(), "patchbench-sim-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, stdout, _) = Run("similarity", $"{Examples}/05.counter.pd", $"{Examples}/06.more.counters.pd", "--svg", dir);
            Assert.Equal(0, code);
            Assert.Matches(@"graph\s+0\.\d{4}", stdout);
            Assert.Contains("missing", stdout);
            var candidate = XDocument.Load(Path.Combine(dir, "candidate.svg"));
            Assert.Contains(candidate.Descendants(), e => (string?)e.Attribute("class") == "legend");
            Assert.True(File.Exists(Path.Combine(dir, "reference.svg")));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Unusable_input_exits_2_with_a_one_line_message()
    {
        var missing = Run("similarity", "/nonexistent/ref.pd", $"{Examples}/05.counter.pd");
        Assert.Equal(2, missing.Code);
        Assert.Contains("/nonexistent/ref.pd: no such file", missing.Err);
        Assert.DoesNotContain("   at ", missing.Err);

        string notPd = Path.GetTempFileName();
        try
        {
            File.WriteAllText(notPd, "hello world\n");
            var bad = Run("similarity", notPd, $"{Examples}/05.counter.pd");
            Assert.Equal(2, bad.Code);
            Assert.Contains(notPd + ":1:1:", bad.Err);
        }
        finally { File.Delete(notPd); }

        Assert.Equal(2, Run("similarity", $"{Examples}/05.counter.pd").Code);
        Assert.Equal(2, Run("similarity", $"{Examples}/05.counter.pd", $"{Examples}/05.counter.pd", "--format", "xml").Code);
    }

    [Fact]
    public void Draw_writes_one_svg_per_canvas()
    {
        string dir = Path.Combine(Path.GetTempPath(), "patchbench-draw-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, _, _) = Run("draw", "/usr/share/puredata/doc/3.audio.examples/C08.analog.sequencer.pd", "--out", dir);
            Assert.Equal(0, code);
            var files = Directory.GetFiles(dir, "*.svg").Select(Path.GetFileName).Order().ToArray();
            Assert.Contains("C08.analog.sequencer.svg", files);
            Assert.True(files.Length >= 4, string.Join(", ", files));
            foreach (var f in files) XDocument.Load(Path.Combine(dir, f!));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
