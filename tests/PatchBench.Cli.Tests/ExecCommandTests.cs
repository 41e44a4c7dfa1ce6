using System.Text.Json;
using PatchBench.Cli;

namespace PatchBench.Cli.Tests;

/// <summary><c>patchbench exec</c> end to end: real files, real Pd in the sandbox, the JSON of DESIGN.md and the exit codes.</summary>
[Collection("exec-console")]
[Trait("Category", "Integration")] // real Pd in bubblewrap
public sealed class ExecCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("patchbench-exec-cli-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var (o, e) = (Console.Out, Console.Error);
        var (ow, ew) = (new StringWriter(), new StringWriter());
        Console.SetOut(ow);
        Console.SetError(ew);
        try { return (await PatchBenchCommand.RunAsync(args), ow.ToString(), ew.ToString()); }
        finally { Console.SetOut(o); Console.SetError(e); }
    }

    [Fact]
    public async Task Clean_patch_exits_0_with_json_of_the_design()
    {
        var path = Write("add.pd", "#N canvas 0 0 400 300 12;\n#X obj 10 10 loadbang;\n#X msg 10 40 10;\n#X obj 10 70 + 20;\n#X obj 10 100 print sum;\n#X " +
            "connect 0 0 1 0;\n#X connect 1 0 2 0;\n#X connect 2 0 3 0;\n");
        var (code, output, _) = await Run("exec", path, "--format", "json", "--seconds", "0.1");
        Assert.Equal(0, code);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.True(root.GetProperty("ok").GetBoolean());
        Assert.Equal("run", root.GetProperty("stage").GetString());
        Assert.True(root.GetProperty("duration_ms").GetDouble() > 0);
        var printed = root.GetProperty("printed")[0];
        Assert.Equal("sum", printed.GetProperty("name").GetString());
        Assert.Equal("30", printed.GetProperty("value").GetString());
        Assert.Equal("print", root.GetProperty("events")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Failing_patch_exits_1_and_names_file_line_and_event()
    {
        var path = Write("bad.pd", "#N canvas 0 0 400 300 12;\n#X obj 10 10 nosuchthing 3;\n");
        var (code, output, _) = await Run("exec", path);
        Assert.Equal(1, code);
        Assert.Contains("stage parse", output);
        Assert.Contains($"{path}:2: error couldnt_create (load): nosuchthing 3 ... couldn't create", output);
    }

    [Fact]
    public async Task Missing_file_and_bad_seconds_exit_2()
    {
        Assert.Equal(2, (await Run("exec", Path.Combine(dir, "nope.pd"))).Code);
        var path = Write("x.pd", "#N canvas 0 0 400 300 12;\n");
        var (code, _, err) = await Run("exec", path, "--seconds", "0");
        Assert.Equal(2, code);
        Assert.Contains("--seconds", err);
    }
}

[CollectionDefinition("exec-console", DisableParallelization = true)]
public sealed class ExecConsoleCollection;
