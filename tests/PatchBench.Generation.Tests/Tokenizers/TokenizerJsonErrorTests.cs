using PatchBench.Generation.Tokenizers;

namespace PatchBench.Generation.Tests.Tokenizers;

public class TokenizerJsonErrorTests
{
    private static string Write(string json)
    {
        var path = Path.Combine(TestEnvironment.TempDirectory("tokenizer-errors"), "tokenizer.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var e = Assert.Throws<TokenizerJsonException>(() => TokenizerJson.Load("/nonexistent/tokenizer.json"));
        Assert.Contains("/nonexistent/tokenizer.json", e.Message);
        Assert.Contains("not found", e.Message);
    }

    [Fact]
    public void Invalid_json_names_the_file_and_line()
    {
        var path = Write("{\n  \"model\": {\n    \"type\": \"BPE\",,\n");
        var e = Assert.Throws<TokenizerJsonException>(() => TokenizerJson.Load(path));
        Assert.Contains(path + ":3:", e.Message);
        Assert.Contains("not valid JSON", e.Message);
    }

    [Theory]
    [InlineData("Unigram")]
    [InlineData("WordPiece")]
    [InlineData("WordLevel")]
    public void Unsupported_model_types_are_named(string type)
    {
        var path = Write("{\"model\": {\"type\": \"" + type + "\", \"vocab\": {}}}");
        var e = Assert.Throws<TokenizerJsonException>(() => TokenizerJson.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains($"model type '{type}' is not supported", e.Message);
    }

    [Fact]
    public void Unsupported_parts_and_broken_merges_are_named()
    {
        const string model = """ "model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2}, "merges": ["a b"]}""";
        var pre = Write("{" + model + """, "pre_tokenizer": {"type": "BertPreTokenizer"}}""");
        Assert.Contains("pre-tokenizer type 'BertPreTokenizer' is not supported", Assert.Throws<TokenizerJsonException>(() => TokenizerJson.Load(pre)).Message);
        var norm = Write("{" + model + """, "normalizer": {"type": "BertNormalizer"}}""");
        Assert.Contains("normalizer type 'BertNormalizer' is not supported", Assert.Throws<TokenizerJsonException>(() => TokenizerJson.Load(norm)).Message);
        var merge = Write("""{"model": {"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": [["a", "b"]]}}""");
        Assert.Contains("merge #0: 'ab' is not in the vocabulary", Assert.Throws<TokenizerJsonException>(() => TokenizerJson.Load(merge)).Message);
    }

    [Fact]
    public void A_minimal_bpe_with_pair_merges_works()
    {
        var path = Write("""{"model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2, "<unk>": 3}, "merges": [["a", "b"]], "unk_token": "<unk>", "fuse_unk": true}}""");
        var t = TokenizerJson.Load(path);
        Assert.Equal([2, 0, 3, 1], t.Encode("abaxyb", addSpecial: false));
    }
}
