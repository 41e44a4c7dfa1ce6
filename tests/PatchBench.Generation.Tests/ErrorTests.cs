using PatchBench.Generation.Gguf;
using PatchBench.Generation.LlamaCpp;

namespace PatchBench.Generation.Tests;

[Trait("Category", "Integration")] // LLamaSharp's native llama.cpp
public class ErrorTests
{
    private static LlamaCppOptions Options => new();

    [Fact]
    public void A_missing_model_file_is_a_FileNotFoundException_naming_it()
    {
        var path = Path.Combine(TestEnvironment.TempDirectory("missing"), "nope.gguf");
        var e = Assert.Throws<FileNotFoundException>(() => LlamaCppGenerator.Load(path, Options));
        Assert.Contains("nope.gguf", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_GGUF_is_rejected_with_what_was_found()
    {
        var path = Path.Combine(TestEnvironment.TempDirectory("notgguf"), "patch.gguf");
        File.WriteAllText(path, "#N canvas 0 0 450 300 12;\n#X obj 10 10 osc~ 440;\n");
        var e = Assert.Throws<GgufFormatException>(() => LlamaCppGenerator.Load(path, Options));
        Assert.Contains("not a GGUF file", e.Message);
        Assert.Contains("'#N c'", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void An_empty_file_is_rejected_as_truncated()
    {
        var path = Path.Combine(TestEnvironment.TempDirectory("empty"), "empty.gguf");
        File.WriteAllBytes(path, []);
        var e = Assert.Throws<GgufFormatException>(() => LlamaCppGenerator.Load(path, Options));
        Assert.Contains("truncated", e.Message);
    }

    [Theory]
    [InlineData(0.999)]  // tensor data cut short
    [InlineData(0.5)]
    [InlineData(0.01)]   // inside the metadata (the vocabulary)
    public void A_truncated_GGUF_is_rejected_with_where_it_ends(double keep)
    {
        var bytes = File.ReadAllBytes(TestEnvironment.TinyModelPath);
        var path = Path.Combine(TestEnvironment.TempDirectory("truncated"), "cut.gguf");
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * keep)]);
        var e = Assert.Throws<GgufFormatException>(() => LlamaCppGenerator.Load(path, Options));
        Assert.Contains("truncated", e.Message);
        Assert.Contains($"{(int)(bytes.Length * keep)}", e.Message);
    }

    [Fact]
    public void A_GGUF_that_llama_cpp_refuses_gives_its_log_in_the_message()
    {
        // A well-formed GGUF of an architecture llama.cpp does not know.
        var path = Path.Combine(TestEnvironment.TempDirectory("arch"), "odd.gguf");
        new GgufWriter().AddString("general.architecture", "no-such-arch")
            .AddTensor("x", [4], GgmlType.F32, new float[4]).WriteTo(path);
        var e = Assert.Throws<LlamaCppException>(() => LlamaCppGenerator.Load(path, Options));
        Assert.Contains("no-such-arch", e.Message);
    }

    [Fact]
    public void A_user_library_of_another_llama_cpp_commit_is_refused_before_it_is_loaded()
    {
        // A folder that looks like a llama.cpp build but whose ggml is not LLamaSharp's commit (here: random bytes).
        var other = TestEnvironment.TempDirectory("othercommit");
        File.WriteAllBytes(Path.Combine(other, "libllama.so"), [0x7f, (byte)'E', (byte)'L', (byte)'F']);
        File.WriteAllText(Path.Combine(other, "libggml-base.so"), "ggml 0.9.4 b7000 0123abcd");
        var e = Assert.Throws<LlamaNativeLibraryException>(() => LlamaNativeLibrary.UserLibrary(other));
        Assert.Contains(LlamaNativeLibrary.Commit, e.Message);
        Assert.Contains("libggml-base.so", e.Message);
        Assert.DoesNotContain("\n", e.Message);
        var empty = TestEnvironment.TempDirectory("nonative");
        var missing = Assert.Throws<LlamaNativeLibraryException>(() =>
            LlamaCppGenerator.Load(TestEnvironment.TinyModelPath, new LlamaCppOptions { NativeDirectory = empty }));
        Assert.Contains(empty, missing.Message);
    }

    [Fact]
    public void A_user_library_of_the_same_ABI_build_passes_the_file_check_and_a_near_miss_does_not()
    {
        // bench/build-llamasharp-native.sh's build of b10256 carries ggml_commit() "6c8dcaa" as a C string.
        var same = TestEnvironment.TempDirectory("abicommit");
        File.WriteAllBytes(Path.Combine(same, "libllama.so"), [0x7f, (byte)'E', (byte)'L', (byte)'F']);
        File.WriteAllBytes(Path.Combine(same, "libggml-base.so"), [.. "\0b10256\0"u8, .. "6c8dcaa\0"u8]);
        Assert.Equal(Path.Combine(same, "libllama.so"), LlamaNativeLibrary.UserLibrary(same));
        // The commit must stand alone: a longer hash that starts with it is another commit.
        File.WriteAllBytes(Path.Combine(same, "libggml-base.so"), "\06c8dcaab\0"u8.ToArray());
        var e = Assert.Throws<LlamaNativeLibraryException>(() => LlamaNativeLibrary.UserLibrary(same));
        Assert.Contains("6c8dcaa", e.Message);
        Assert.Contains("build-llamasharp-native.sh", e.Message);
    }

    [Fact]
    public void The_bundled_library_is_the_commit_the_guard_expects()
    {
        _ = TestEnvironment.Generator; // loads LLamaSharp's own build
        Assert.Equal(LlamaNativeLibrary.Commit, LlamaNativeLibrary.LoadedCommit());
        // The guard's file check accepts LLamaSharp's own build folder (the one the loader picked for this CPU).
        var bundled = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native"), "libggml-base.so",
            SearchOption.AllDirectories);
        Assert.NotEmpty(bundled);
        Assert.All(bundled, f => Assert.EndsWith("libllama.so", LlamaNativeLibrary.UserLibrary(Path.GetDirectoryName(f)!)));
    }

    [Fact]
    public void Device_cuda_without_the_CUDA_build_says_what_to_install()
    {
        var e = Assert.Throws<LlamaNativeLibraryException>(() =>
            LlamaCppGenerator.Load(TestEnvironment.TinyModelPath, new LlamaCppOptions { Device = LlamaDevice.Cuda }));
        Assert.Contains("PatchBenchGpu=cuda12", e.Message);
        Assert.Contains("LLamaSharp.Backend.Cuda12", e.Message);
    }

    [Fact]
    public async Task Bad_decoding_settings_are_argument_errors()
    {
        var g = TestEnvironment.Generator;
        await Assert.ThrowsAsync<ArgumentException>(() => g.GenerateAsync(GenerationRequest.FromPrompt("x", new DecodingSettings { Temperature = -1 })));
        await Assert.ThrowsAsync<ArgumentException>(() => g.GenerateAsync(GenerationRequest.FromPrompt("x", new DecodingSettings { TopP = 0 })));
        await Assert.ThrowsAsync<ArgumentException>(() => g.GenerateAsync(GenerationRequest.FromPrompt("x", new DecodingSettings { Samples = 0 })));
        var tooLong = string.Join(' ', Enumerable.Repeat("the", 600));
        var e = await Assert.ThrowsAsync<ArgumentException>(() => g.GenerateAsync(GenerationRequest.FromPrompt(tooLong)));
        Assert.Contains("context holds 512", e.Message);
    }
}
