using System.IO.Compression;
using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using PatchBench.Generation.Tokenizers;

namespace PatchBench.Generation.Tests.Tokenizers;

public class TokenizerJsonTests
{
    public static TheoryData<string> Names => new(ReferenceFixtures.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public void Fixture_tokenizer_is_the_file_the_reference_ids_were_made_from(string name)
    {
        using var gz = new GZipStream(File.OpenRead(ReferenceFixtures.TokenizerPath(name)), CompressionMode.Decompress);
        var sha = Convert.ToHexStringLower(SHA256.HashData(gz));
        Assert.Equal(ReferenceFixtures.Fixture(name).TokenizerSha256, sha);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Encode_gives_the_reference_ids_on_every_fixture_case(string name)
    {
        var tokenizer = ReferenceFixtures.Tokenizer(name);
        var fixture = ReferenceFixtures.Fixture(name);
        Assert.True(fixture.Cases.Length >= 30);
        foreach (var c in fixture.Cases)
        {
            Assert.True(c.Ids.SequenceEqual(tokenizer.Encode(c.Text, addSpecial: false)),
                $"{name} without special tokens, text {System.Text.Json.JsonSerializer.Serialize(c.Text)}: expected [{string.Join(",", c.Ids)}], got [{string.Join(",", tokenizer.Encode(c.Text, false))}]");
            Assert.True(c.IdsWithSpecial.SequenceEqual(tokenizer.Encode(c.Text, addSpecial: true)),
                $"{name} with special tokens, text {System.Text.Json.JsonSerializer.Serialize(c.Text)}: expected [{string.Join(",", c.IdsWithSpecial)}], got [{string.Join(",", tokenizer.Encode(c.Text, true))}]");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Decoding_the_reference_ids_gives_the_text_back(string name)
    {
        var tokenizer = ReferenceFixtures.Tokenizer(name);
        foreach (var c in ReferenceFixtures.Fixture(name).Cases.Where(c => !c.Text.Contains("<|") && !c.Text.Contains("</s>")))
        {
            Assert.Equal(c.Text, tokenizer.Decode(c.Ids));
        }
    }

    [Fact]
    public void Byte_level_fixtures_take_the_fast_path_so_the_fixtures_check_it()
    {
        foreach (var name in new[] { "gpt2", "llama3", "qwen3", "gpt4o" }) Assert.True(ReferenceFixtures.Tokenizer(name).UsesByteLevelFastPath, name);
        Assert.False(ReferenceFixtures.Tokenizer("llama2").UsesByteLevelFastPath);
    }

    [Fact]
    public void Bos_and_eos_come_from_the_post_processor_and_the_added_tokens()
    {
        var llama2 = ReferenceFixtures.Tokenizer("llama2");
        Assert.Equal(1, llama2.BosId);
        Assert.Equal([2], llama2.EosIds);
        Assert.Equal(1, llama2.Encode("hi", addSpecial: true)[0]);
        var gpt2 = ReferenceFixtures.Tokenizer("gpt2");
        Assert.Null(gpt2.BosId);
        Assert.Equal([50256], gpt2.EosIds);
        var llama3 = ReferenceFixtures.Tokenizer("llama3");
        Assert.Equal(128000, llama3.BosId);
        Assert.Contains(128001, llama3.EosIds);
        Assert.Contains(128009, llama3.EosIds);
        var qwen3 = ReferenceFixtures.Tokenizer("qwen3");
        Assert.Null(qwen3.BosId);
        Assert.Contains(151643, qwen3.EosIds);
        Assert.Contains(151645, qwen3.EosIds);
    }

    [Fact]
    public void Token_bytes_are_the_raw_bytes_each_token_stands_for()
    {
        var gpt2 = ReferenceFixtures.Tokenizer("gpt2");
        var ids = gpt2.Encode(" café 🎵", addSpecial: false);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(" café 🎵"), ids.SelectMany(i => gpt2.TokenBytes(i).ToArray()).ToArray());
        var llama2 = ReferenceFixtures.Tokenizer("llama2");
        var spm = llama2.Encode("osc~ é", addSpecial: false);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(" osc~ é"), spm.SelectMany(i => llama2.TokenBytes(i).ToArray()).ToArray());
        Assert.Equal("</s>"u8.ToArray(), llama2.TokenBytes(2).ToArray());
    }

    /// <summary>Any text without lone surrogates: ASCII with Pd punctuation, and any BMP or astral characters.</summary>
    private static Arbitrary<string> Texts()
    {
        var pd = Gen.Elements("#X obj ", "osc~ ", "\\$1", ";\n", "  ", "\t", "1234567", " ", "'s", "'LL");
        var ascii = Gen.Choose(0, 127).Select(i => ((char)i).ToString());
        var bmp = Gen.Choose(0xA0, 0xD7FF).Select(i => ((char)i).ToString());
        var astral = Gen.Choose(0x10000, 0x10FFFF).Select(char.ConvertFromUtf32);
        var piece = Gen.Frequency((3, pd), (4, ascii), (2, bmp), (1, astral));
        return Gen.ListOf(piece).Select(string.Concat).ToArbitrary();
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama3")]
    [InlineData("qwen3")]
    [InlineData("gpt4o")]
    public void Byte_level_tokenizers_decode_what_they_encode(string name)
    {
        var tokenizer = ReferenceFixtures.Tokenizer(name);
        Prop.ForAll(Texts(), text => tokenizer.Decode(tokenizer.Encode(text, addSpecial: false)) == text)
            .QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama3")]
    [InlineData("llama2")]
    [InlineData("qwen3")]
    [InlineData("gpt4o")]
    public void Every_token_is_in_range_and_the_bytes_of_the_tokens_are_the_text(string name)
    {
        var tokenizer = ReferenceFixtures.Tokenizer(name);
        Prop.ForAll(Texts(), text =>
        {
            var ids = tokenizer.Encode(text, addSpecial: false);
            var bytes = ids.SelectMany(i => tokenizer.TokenBytes(i).ToArray()).ToArray();
            var expected = System.Text.Encoding.UTF8.GetBytes(name == "llama2" && text.Length > 0 ? " " + text : text);
            return ids.All(i => i >= 0 && i < tokenizer.VocabularySize) && bytes.SequenceEqual(expected);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Possessive_quantifiers_become_atomic_groups()
    {
        Assert.Equal(@"(?>[^\s\p{L}]?)\p{L}+", SplitPattern.RewritePossessive(@"[^\s\p{L}]?+\p{L}+"));
        Assert.Equal(@"(?>(ab|c)*)x(?>\p{N}{1,3})", SplitPattern.RewritePossessive(@"(ab|c)*+x\p{N}{1,3}+"));
        Assert.Equal(@"a+?b\+", SplitPattern.RewritePossessive(@"a+?b\+"));
    }

    [Fact]
    public void Supplementary_letters_split_like_letters_not_like_two_symbols()
    {
        // 𝐀 (U+1D400) is a letter: GPT-2's regex keeps " 𝐀b" together, as Rust does on code points.
        var split = new SplitPattern(SplitPattern.Gpt2, literal: false);
        var text = "x 𝐀b 🎵a";
        var pieces = split.Matches(text).Select(m => text.Substring(m.Start, m.Length)).ToArray();
        Assert.Equal(["x", " 𝐀b", " 🎵", "a"], pieces);
    }
}
