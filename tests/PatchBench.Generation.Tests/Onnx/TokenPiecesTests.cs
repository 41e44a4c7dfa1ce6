using System.Text;
using PatchBench.Generation.Gguf;
using PatchBench.Generation.Onnx;
using PatchBench.Generation.Tokenizers;
using PatchBench.Testing;

namespace PatchBench.Generation.Tests.Onnx;

/// <summary>The bytes the onnx: backend prints per token, read back from the tokenizer.json the exporter writes.</summary>
public class TokenPiecesTests
{
    private static (GgufVocabulary Vocab, TokenPieces Pieces) Export(TinyLlamaConfig config, string name)
    {
        var dir = TestEnvironment.TempDirectory(name);
        var gguf = Path.Combine(dir, "m.gguf");
        TinyLlamaModelBuilder.Write(gguf, config);
        var vocab = GgufVocabulary.From(GgufReader.Read(gguf));
        var json = Path.Combine(dir, "tokenizer.json");
        File.WriteAllBytes(json, TokenizerFilesWriter.TokenizerJson(vocab));
        return (vocab, TokenPieces.Read(json));
    }

    [Fact]
    public void Sentencepiece_pieces_print_spaces_for_the_marker_bytes_for_byte_tokens_and_nothing_for_control_tokens()
    {
        var (vocab, pieces) = Export(new TinyLlamaConfig(), "pieces-spm");
        Assert.Equal(vocab.Tokens.Count, pieces.Count);
        for (var id = 0; id < vocab.Tokens.Count; id++)
        {
            var piece = vocab.Tokens[id];
            byte[] expected = vocab.Types[id] switch
            {
                6 => [Convert.ToByte(piece[3..5], 16)],
                2 or 3 => [],
                _ => Encoding.UTF8.GetBytes(piece.Replace('▁', ' ')),
            };
            Assert.Equal(expected, pieces[id].ToArray());
        }
        Assert.Equal(" osc~"u8.ToArray(), pieces[vocab.Tokens.ToList().IndexOf("▁osc~")].ToArray());
        Assert.Empty(pieces[-1].ToArray());
        Assert.Empty(pieces[vocab.Tokens.Count].ToArray());
    }

    [Fact]
    public void Byte_level_pieces_map_back_to_every_byte_and_merged_pieces_to_their_bytes()
    {
        var (vocab, pieces) = Export(new TinyLlamaConfig { Vocabulary = "gpt2" }, "pieces-bpe");
        for (var b = 0; b < 256; b++) Assert.Equal([(byte)b], pieces[b].ToArray());
        var tokens = vocab.Tokens.ToList();
        Assert.Equal(" dac~"u8.ToArray(), pieces[tokens.IndexOf("Ġdac~")].ToArray());
        Assert.Equal("\n\n"u8.ToArray(), pieces[tokens.IndexOf("ĊĊ")].ToArray());
        Assert.Empty(pieces[tokens.IndexOf("<|endoftext|>")].ToArray());
    }

    [Fact]
    public void Llama_cpps_end_of_turn_tokens_end_generation_under_genai_too()
    {
        var (vocab, _) = Export(new TinyLlamaConfig(), "pieces-eog");
        var tokens = vocab.Tokens.ToList();
        Assert.Equal([2, tokens.IndexOf("<|im_end|>")], vocab.EndOfGeneration!.Order());
    }

    [Fact]
    public void A_bpe_vocabulary_with_another_pre_tokenizer_is_refused_in_one_line()
    {
        var dir = TestEnvironment.TempDirectory("pieces-pre");
        var gguf = Path.Combine(dir, "m.gguf");
        TinyLlamaModelBuilder.Build(new TinyLlamaConfig { Vocabulary = "gpt2" }).WriteTo(gguf);
        File.WriteAllBytes(gguf, ReplaceOnce(File.ReadAllBytes(gguf), "gpt-2"u8.ToArray(), "qwen2"u8.ToArray()));
        var e = Assert.Throws<NotSupportedException>(() => GgufVocabulary.From(GgufReader.Read(gguf)));
        Assert.Equal($"{gguf}: tokenizer.ggml.pre is 'qwen2'; the exporter writes BPE vocabularies with GPT-2's pre-tokenizer only ('gpt-2'), the one it can " +
            $"reproduce for GenAI",
            e.Message);
    }

    private static byte[] ReplaceOnce(byte[] data, byte[] from, byte[] to)
    {
        var at = data.AsSpan().IndexOf(from);
        Assert.True(at >= 0);
        to.CopyTo(data, at);
        return data;
    }
}
