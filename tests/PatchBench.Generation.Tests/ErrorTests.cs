using PatchBench.Generation.Gguf;
using PatchBench.Generation.LlamaCpp;

namespace PatchBench.Generation.Tests;

[Trait("Category", "Integration")] // native llama.cpp libraries
public class ErrorTests
{
    private static LlamaCppOptions Options => new() { NativeDirectory = TestEnvironment.NativeDirectory };

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
    public void A_missing_native_library_names_the_folder_and_the_fix()
    {
        var empty = TestEnvironment.TempDirectory("nonative");
        var e = Assert.Throws<LlamaNativeLibraryException>(() => LlamaLibrary.Load(empty));
        Assert.Contains(empty, e.Message);
        Assert.Contains("scripts/fetch-native.sh", e.Message);
        var model = Assert.Throws<LlamaNativeLibraryException>(() =>
            LlamaCppGenerator.Load(TestEnvironment.TinyModelPath, new LlamaCppOptions { NativeDirectory = empty }));
        Assert.Contains(empty, model.Message);
    }

    [Fact]
    public void A_native_folder_with_a_partial_build_is_not_taken()
    {
        var partial = TestEnvironment.TempDirectory("partial");
        File.Copy(Path.Combine(TestEnvironment.NativeDirectory, "linux-x64", "libggml-base.so"), Path.Combine(partial, "libggml-base.so"));
        Assert.Null(LlamaLibraryFiles.InFolder(partial));
        Assert.NotNull(LlamaLibraryFiles.InFolder(Path.Combine(TestEnvironment.NativeDirectory, "linux-x64")));
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
