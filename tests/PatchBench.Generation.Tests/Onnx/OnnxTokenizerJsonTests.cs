using PatchBench.Generation.Onnx;

namespace PatchBench.Generation.Tests.Onnx;

/// <summary>
/// The tiny ONNX folder with its real tokenizer.json (TinyTokenizerJsonWriter + TokenizerJson, built in
/// Tokenizers/): the folder a user would get, with no test tokenizer injected.
/// </summary>
[Trait("Category", "Integration")] // native ONNX Runtime and llama.cpp libraries
public class OnnxTokenizerJsonTests
{
    [Fact]
    public async Task Folder_with_its_own_tokenizer_json_generates_what_llama_cpp_generates()
    {
        var folder = TinyLlamaOnnxWriter.Write(TestEnvironment.TempDirectory("onnx-tokjson"));
        using var onnx = OnnxGenerator.Load(folder);
        foreach (var prompt in new[] { "the osc~ connect", "#X obj 10 10 osc~ 440;", "café – naïve 🎵" })
        {
            Assert.Equal(TestEnvironment.Generator.Model.Tokenize(prompt, addSpecial: true), onnx.Tokenizer.Encode(prompt, addSpecial: true));
            var request = GenerationRequest.FromPrompt(prompt, DecodingSettings.Greedy(30));
            Assert.Equal((await TestEnvironment.Generator.GenerateAsync(request)).Single().Text, (await onnx.GenerateAsync(request)).Single().Text);
        }
    }
}
