using PatchBench.Generation.Gguf;
using PatchBench.Testing;

namespace PatchBench.Generation.Tests;

public class GgufTests
{
    [Fact]
    public void The_tiny_model_reads_back_with_its_metadata_and_tensors()
    {
        var file = GgufReader.Read(TestEnvironment.TinyModelPath);
        var config = new TinyLlamaConfig();
        Assert.Equal(3u, file.Version);
        Assert.Equal("llama", file.Architecture);
        Assert.Equal("patchbench-tiny-llama", file.Name);
        Assert.Equal("F32", file.Quantization);
        Assert.Equal(64L, file.GetInteger("llama.embedding_length"));
        Assert.Equal(2L, file.GetInteger("llama.block_count"));
        var vocab = TinyLlamaModelBuilder.Vocabulary(config);
        var tokens = (object[])file.Metadata["tokenizer.ggml.tokens"];
        Assert.Equal(vocab.Select(v => v.Piece), tokens.Cast<string>());
        Assert.Equal("<0x00>", tokens[3]);
        Assert.Equal("<0xFF>", tokens[258]);
        Assert.Contains("▁the", tokens.Cast<string>());
        Assert.Equal(2 + 2 * 9 + 1, file.Tensors.Count);
        Assert.All(file.Tensors, t => Assert.Equal(0UL, t.Offset % 32));
        Assert.Equal(0, file.DataOffset % 32);
        long n = 64, nv = vocab.Count, ff = 128;
        var expected = 2 * n * nv + n + 2 * (2 * n + 4 * n * n + 3 * n * ff);
        Assert.Equal(expected, file.ParameterCount);
        Assert.Equal(file.FileLength, file.DataOffset + (long)file.Tensors[^1].Offset + file.Tensors[^1].ElementCount * 4);
    }

    [Fact]
    [Trait("Category", "Integration")] // loads the model with the native llama.cpp libraries
    public void Llama_cpp_agrees_with_our_reader_on_size_and_parameters()
    {
        var file = GgufReader.Read(TestEnvironment.TinyModelPath);
        var model = TestEnvironment.Generator.Model;
        Assert.Equal((ulong)file.ParameterCount, model.ParameterCount);
        Assert.Equal((ulong)file.TensorBytes, model.SizeBytes);
        Assert.Equal(TinyLlamaModelBuilder.Vocabulary(new TinyLlamaConfig()).Count, model.VocabularySize);
        Assert.Equal(TinyLlamaModelBuilder.ChatMlTemplate, model.ChatTemplate);
        Assert.Equal(512, model.TrainingContextLength);
    }

    [Fact]
    public void F16_weights_and_a_custom_alignment_round_trip()
    {
        var path = Path.Combine(TestEnvironment.TempDirectory("f16"), "m.gguf");
        float[] values = [0f, 1f, -2.5f, 0.333f, 65504f, 1e-3f];
        new GgufWriter(alignment: 64).AddString("general.name", "x").AddUInt32("k", 7).AddBool("b", true)
            .AddTensor("a", [3], GgmlType.F32, [1f, 2f, 3f])
            .AddTensor("w", [3, 2], GgmlType.F16, values).WriteTo(path);
        var file = GgufReader.Read(path);
        Assert.Equal(64L, file.GetInteger("general.alignment"));
        Assert.Equal(7L, file.GetInteger("k"));
        Assert.Equal(true, file.Metadata["b"]);
        Assert.Equal("F16", file.Quantization);
        var w = file.Tensors[1];
        Assert.Equal(new long[] { 3, 2 }, w.Dimensions);
        Assert.Equal(0UL, w.Offset % 64);
        var bytes = File.ReadAllBytes(path);
        var start = (int)(file.DataOffset + (long)w.Offset);
        var read = Enumerable.Range(0, 6).Select(i => (float)BitConverter.UInt16BitsToHalf(BitConverter.ToUInt16(bytes, start + 2 * i))).ToArray();
        Assert.Equal(values.Select(v => (float)(Half)v), read);
    }

    [Fact]
    public void The_builder_is_deterministic_for_a_seed()
    {
        var dir = TestEnvironment.TempDirectory("seed");
        var config = new TinyLlamaConfig { Layers = 1, EmbeddingLength = 32, Heads = 2, KvHeads = 1, FeedForwardLength = 64 };
        TinyLlamaModelBuilder.Write(Path.Combine(dir, "a.gguf"), config);
        TinyLlamaModelBuilder.Write(Path.Combine(dir, "b.gguf"), config);
        TinyLlamaModelBuilder.Write(Path.Combine(dir, "c.gguf"), config with { Seed = 1 });
        var a = File.ReadAllBytes(Path.Combine(dir, "a.gguf"));
        Assert.Equal(a, File.ReadAllBytes(Path.Combine(dir, "b.gguf")));
        Assert.NotEqual(a, File.ReadAllBytes(Path.Combine(dir, "c.gguf")));
    }
}
