using PatchBench.Generation.Gguf;
using PatchBench.Training.Data;
using PatchBench.Training.Model;

namespace PatchBench.Training.Export;

/// <summary>
/// Writes trained weights as a <c>llama</c> GGUF with the project's GGUF writer: llama.* hyper-parameters, the byte
/// vocabulary (no chat template: the harness renders the raw template the model was trained on) and F32 tensors.
/// </summary>
public static class GgufExport
{
    /// <summary>Writes <paramref name="tensors"/> (GGUF names, row-major values) of a decoder of <paramref name="shape"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, string name, DecoderShape shape, IReadOnlyDictionary<string, float[]> tensors, int step)
    {
        var pieces = ByteVocabulary.Pieces();
        var w = new GgufWriter();
        w.AddString("general.architecture", "llama")
            .AddString("general.name", name)
            .AddUInt32("general.file_type", 0)
            .AddUInt32("patchbench.training_step", (uint)step)
            .AddUInt32("llama.context_length", (uint)shape.Context)
            .AddUInt32("llama.embedding_length", (uint)shape.Hidden)
            .AddUInt32("llama.block_count", (uint)shape.Layers)
            .AddUInt32("llama.feed_forward_length", (uint)shape.FeedForward)
            .AddUInt32("llama.attention.head_count", (uint)shape.Heads)
            .AddUInt32("llama.attention.head_count_kv", (uint)shape.Heads)
            .AddUInt32("llama.rope.dimension_count", (uint)shape.HeadSize)
            .AddFloat32("llama.rope.freq_base", shape.RopeBase)
            .AddFloat32("llama.attention.layer_norm_rms_epsilon", shape.Epsilon)
            .AddUInt32("llama.vocab_size", (uint)pieces.Count)
            .AddString("tokenizer.ggml.model", "llama")
            .AddStringArray("tokenizer.ggml.tokens", pieces.Select(p => p.Piece).ToList())
            .AddFloat32Array("tokenizer.ggml.scores", pieces.Select(p => p.Score).ToList())
            .AddInt32Array("tokenizer.ggml.token_type", pieces.Select(p => p.Type).ToList())
            .AddUInt32("tokenizer.ggml.bos_token_id", ByteVocabulary.Bos)
            .AddUInt32("tokenizer.ggml.eos_token_id", ByteVocabulary.Eos)
            .AddUInt32("tokenizer.ggml.unknown_token_id", ByteVocabulary.Unknown)
            .AddBool("tokenizer.ggml.add_bos_token", true)
            .AddBool("tokenizer.ggml.add_eos_token", false)
            .AddBool("tokenizer.ggml.add_space_prefix", true);
        long n = shape.Hidden, ff = shape.FeedForward, v = shape.Vocabulary;
        void Add(string tensor, params long[] ne) => w.AddTensor(tensor, ne, GgmlType.F32, tensors[tensor]);
        // ggml's ne lists the contiguous dimension first: a [out, in] row-major matrix is [in, out].
        Add("token_embd.weight", n, v);
        for (var l = 0; l < shape.Layers; l++)
        {
            Add($"blk.{l}.attn_norm.weight", n);
            Add($"blk.{l}.attn_q.weight", n, n);
            Add($"blk.{l}.attn_k.weight", n, n);
            Add($"blk.{l}.attn_v.weight", n, n);
            Add($"blk.{l}.attn_output.weight", n, n);
            Add($"blk.{l}.ffn_norm.weight", n);
            Add($"blk.{l}.ffn_gate.weight", n, ff);
            Add($"blk.{l}.ffn_up.weight", n, ff);
            Add($"blk.{l}.ffn_down.weight", ff, n);
        }
        Add("output_norm.weight", n);
        Add("output.weight", n, v);
        var temp = path + ".tmp";
        w.WriteTo(temp);
        File.Move(temp, path, overwrite: true);
    }
}
