using FsCheck;
using FsCheck.Fluent;
using PatchBench.Generation.Gguf;
using PatchBench.Generation.Tokenizers;

namespace PatchBench.Generation.Tests.Tokenizers;

/// <summary>The tiny model's tokenizer.json against llama.cpp's own tokenizer on the tiny GGUF.</summary>
[Trait("Category", "Integration")] // compares with the native llama.cpp tokenizer
public class TinyTokenizerJsonTests
{
    private static readonly Lazy<BpeTextTokenizer> Tiny = new(() =>
    {
        var path = Path.Combine(TestEnvironment.TempDirectory("tiny-tokenizer"), "tokenizer.json");
        TinyTokenizerJsonWriter.Write(path, new TinyLlamaConfig());
        return TokenizerJson.Load(path);
    });

    private static void AssertSameAsLlamaCpp(string text)
    {
        var model = TestEnvironment.Generator.Model;
        foreach (var addSpecial in new[] { false, true })
        {
            var expected = model.Tokenize(text, addSpecial, parseSpecial: true);
            var actual = Tiny.Value.Encode(text, addSpecial);
            Assert.True(expected.SequenceEqual(actual),
                $"text {System.Text.Json.JsonSerializer.Serialize(text)} (addSpecial {addSpecial}): llama.cpp [{string.Join(",", expected)}], tokenizer.json [{string.Join(",", actual)}]");
        }
    }

    [Theory]
    [InlineData("the osc~ connect")]
    [InlineData("#X obj 10 10 osc~ 440;")]
    [InlineData("café – naïve 🎵 ∑ 日本")]
    [InlineData("a  b\n\tc")]
    [InlineData("there were here rerere inner")]
    [InlineData(" leading and trailing ")]
    [InlineData("<s>x</s> <|im_start|>user\nhi<|im_end|>\n<unk>")]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("#XX #X#X ##X X")]
    public void Gives_llama_cpp_ids_on_examples(string text) => AssertSameAsLlamaCpp(text);

    [Fact]
    public void Gives_llama_cpp_ids_on_every_core_suite_patch()
    {
        var files = Directory.GetFiles(Path.Combine(TestEnvironment.RepoRoot, "suites", "core", "items"), "*.pd");
        Assert.NotEmpty(files);
        foreach (var f in files) AssertSameAsLlamaCpp(File.ReadAllText(f));
    }

    [Fact]
    public void Gives_llama_cpp_ids_on_generated_text()
    {
        var words = Gen.Elements("the", "osc~", "dac~", "connect", "bang", "#X", "obj", "in", "er", "re", "on", "at", "and", "pd",
            "<s>", "</s>", "<|im_start|>", "<|im_end|>", "<unk>", " ", "  ", "\n", "\t", "é", "🎵", "日本", "X", "#");
        var ascii = Gen.Choose(0, 127).Select(i => ((char)i).ToString());
        var unicode = Gen.Choose(0xA0, 0x2FFF).Select(i => ((char)i).ToString());
        var text = Gen.ListOf(Gen.Frequency((4, words), (4, ascii), (1, unicode))).Select(string.Concat);
        Prop.ForAll(text.ToArbitrary(), t =>
        {
            AssertSameAsLlamaCpp(t);
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Decodes_to_what_llama_cpp_decodes()
    {
        var model = TestEnvironment.Generator.Model;
        foreach (var text in new[] { "the osc~ connect", "#X obj 10 10 osc~ 440;\n", "café 🎵 日本", " two  spaces" })
        {
            var ids = model.Tokenize(text, addSpecial: true);
            Assert.Equal(model.Detokenize(ids), Tiny.Value.Decode(ids));
            Assert.Equal(text, Tiny.Value.Decode(ids));
        }
        Assert.Equal(1, Tiny.Value.BosId);
        Assert.Contains(2, Tiny.Value.EosIds);
        Assert.Contains(TinyLlamaModelBuilder.Vocabulary(new TinyLlamaConfig()).Count - 1, Enumerable.Range(0, Tiny.Value.VocabularySize));
        Assert.Equal(model.VocabularySize, Tiny.Value.VocabularySize);
    }

    [Fact]
    public void Token_bytes_are_llama_cpp_pieces()
    {
        var model = TestEnvironment.Generator.Model;
        for (var id = 0; id < model.VocabularySize; id++)
        {
            Assert.Equal(model.TokenBytes(id, special: true), Tiny.Value.TokenBytes(id).ToArray());
        }
    }

    [Fact]
    public void Refuses_vocabularies_it_cannot_reproduce()
    {
        (string, float, int)[] tie = [("a", -1, 1), ("b", -2, 1), ("c", -3, 1), ("ab", -10, 1), ("bc", -10, 1)];
        Assert.Contains("same score", Assert.Throws<InvalidOperationException>(() => TinyTokenizerJsonWriter.Merges(tie)).Message);
        (string, float, int)[] missingChar = [("a", -1, 1), ("ab", -10, 1)];
        Assert.Contains("'ab'", Assert.Throws<InvalidOperationException>(() => TinyTokenizerJsonWriter.Merges(missingChar)).Message);
        (string, float, int)[] fine = [("a", -1, 1), ("b", -2, 1), ("ab", -10, 1), ("abb", -9, 1)];
        Assert.Equal([("ab", "b"), ("a", "b")], TinyTokenizerJsonWriter.Merges(fine));
    }
}
