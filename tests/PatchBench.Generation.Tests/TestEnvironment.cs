using System.Diagnostics;
using PatchBench.Generation.Gguf;
using PatchBench.Generation.LlamaCpp;
using PatchBench.Testing;

namespace PatchBench.Generation.Tests;

/// <summary>
/// What the llama.cpp tests need, made once per test run: the tiny GGUF model written by our own GGUF writer (LLamaSharp's
/// CPU backend package brings llama.cpp itself, and the GenAI package ONNX Runtime).
/// </summary>
public static class TestEnvironment
{
    private static readonly Lazy<string> TinyModel = new(WriteTinyModel);
    private static readonly Lazy<LlamaCppGenerator> SharedGenerator = new(() =>
        LlamaCppGenerator.Load(TinyModelPath, new LlamaCppOptions { ContextSize = 512 }));

    /// <summary>The repository root (the folder holding PatchBench.sln).</summary>
    public static string RepoRoot => PatchBench.Testing.RepositoryRoot.Path;

    /// <summary>The tiny model written by TinyLlamaModelBuilder.</summary>
    public static string TinyModelPath => TinyModel.Value;

    /// <summary>One generator over the tiny model shared by the tests (requests queue inside it).</summary>
    public static LlamaCppGenerator Generator => SharedGenerator.Value;

    /// <summary>A fresh temporary folder.</summary>
    public static string TempDirectory(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "patchbench-gen-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string WriteTinyModel()
    {
        var path = Path.Combine(TempDirectory("model"), "tiny-llama.gguf");
        TinyLlamaModelBuilder.Write(path);
        return path;
    }

    /// <summary>Runs a program, failing with its output when it fails.</summary>
    public static string Run(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({p.ExitCode}): {stderr.Result}{stdout}");
        return stdout;
    }
}
