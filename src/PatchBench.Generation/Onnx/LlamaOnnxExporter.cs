using PatchBench.Generation.Gguf;

namespace PatchBench.Generation.Onnx;

/// <summary>
/// Converts an F32/F16/BF16/Q8_0 LLaMA-architecture GGUF (a trained checkpoint's export, or the tests' seeded tiny model)
/// into an ONNX decoder with a KV cache that computes what llama.cpp computes on that file: RMSNorm, rotary
/// embeddings in llama.cpp's LLAMA_ROPE_TYPE_NORM mode (adjacent pairs (2i, 2i+1) rotated by
/// pos·base^(-2i/d); the GGUF stores Q/K already permuted for that mode, so no re-permutation),
/// grouped-query causal attention scaled by 1/√d, SwiGLU feed-forward, and the output projection.
/// Inputs and outputs follow ONNX Runtime GenAI's names and BNSH cache layout.
/// </summary>
public static class LlamaOnnxExporter
{
    /// <summary>The shape of a converted decoder, as genai_config.json describes it.</summary>
    public sealed record Shape(int Hidden, int Layers, int Heads, int KvHeads, int HeadSize, int FeedForward, int Vocabulary, int ContextLength, float Epsilon,
        float RopeBase);

    /// <summary>Writes the decoder to <paramref name="onnxPath"/> and returns its shape.</summary>
    public static Shape Export(string ggufPath, string onnxPath)
    {
        var file = GgufReader.Read(ggufPath);
        if (file.Architecture != "llama") throw new NotSupportedException($"{ggufPath}: only the llama architecture is exported, not '{file.Architecture}'");
        var tensors = file.Tensors.ToDictionary(t => t.Name);
        float[] Read(string name) => GgufTensorData.ReadFloats(file, tensors.TryGetValue(name, out var t) ? t
            : throw new InvalidDataException($"{ggufPath}: tensor '{name}' is missing"));
        long Meta(string key) => file.GetInteger(key) ?? throw new InvalidDataException($"{ggufPath}: metadata '{key}' is missing");
        var n = (int)Meta("llama.embedding_length");
        var heads = (int)Meta("llama.attention.head_count");
        var kvHeads = (int)(file.GetInteger("llama.attention.head_count_kv") ?? heads);
        var embedding = Read("token_embd.weight");
        var shape = new Shape(
            Hidden: n,
            Layers: (int)Meta("llama.block_count"),
            Heads: heads,
            KvHeads: kvHeads,
            HeadSize: n / heads,
            FeedForward: (int)Meta("llama.feed_forward_length"),
            Vocabulary: embedding.Length / n,
            ContextLength: (int)Meta("llama.context_length"),
            Epsilon: (float)Convert.ToDouble(file.Metadata["llama.attention.layer_norm_rms_epsilon"]),
            RopeBase: file.Metadata.TryGetValue("llama.rope.freq_base", out var rb) ? (float)Convert.ToDouble(rb) : 10000f);
        var output = tensors.ContainsKey("output.weight") ? Read("output.weight") : embedding; // tied embeddings
        using (var stream = File.Create(onnxPath)) Build(shape, embedding, output, Read).WriteModel(stream, "llama_decoder", "patchbench");
        return shape;
    }

    private static OnnxGraphBuilder Build(Shape s, float[] embedding, float[] outputWeight, Func<string, float[]> read)
    {
        var g = new OnnxGraphBuilder();
        const int F = OnnxGraphBuilder.FloatType, I64 = OnnxGraphBuilder.Int64Type;
        int n = s.Hidden, d = s.HeadSize, groups = s.Heads / s.KvHeads;
        var inputIds = g.Input("input_ids", I64, "batch_size", "sequence_length");
        var attentionMask = g.Input("attention_mask", I64, "batch_size", "total_sequence_length");
        var positionIds = g.Input("position_ids", I64, "batch_size", "sequence_length");

        // Constants.
        var eps = g.Floats("eps", [], [s.Epsilon]);
        var scale = g.Floats("attn_scale", [], [1f / MathF.Sqrt(d)]);
        var masked = g.Floats("masked_score", [], [-1e30f]);
        var zero = g.Int64s("i64_0", [], 0);
        var one = g.Int64s("i64_1", [], 1);
        var axis1 = g.Int64s("axis_1", [1], 1);
        var axes24 = g.Int64s("axes_2_4", [2], 2, 4);
        var axes123 = g.Int64s("axes_1_2_3", [3], 1, 2, 3);
        var axis2 = g.Int64s("axis_2", [1], 2);
        var shapeHeadsPairs = g.Int64s("shape_q_pairs", [5], 0, 0, s.Heads, d / 2, 2);
        var shapeKvPairs = g.Int64s("shape_kv_pairs", [5], 0, 0, s.KvHeads, d / 2, 2);
        var shapeQHeads = g.Int64s("shape_q_heads", [4], 0, 0, s.Heads, d);
        var shapeKvHeads = g.Int64s("shape_kv_heads", [4], 0, 0, s.KvHeads, d);
        var shapeGroups = g.Int64s("shape_groups", [5], 0, s.KvHeads, groups, -1, d);
        var shapeMerged = g.Int64s("shape_heads_merged", [4], 0, s.Heads, -1, d);
        var shapeHidden = g.Int64s("shape_hidden", [3], 0, 0, n);
        var start0 = g.Int64s("slice_0", [1], 0);
        var start1 = g.Int64s("slice_1", [1], 1);
        var end2 = g.Int64s("slice_2", [1], 2);
        var sliceAxis = g.Int64s("slice_axis_4", [1], 4);

        // Rotary tables: cos/sin[pos, i] of pos * base^(-2i/d), gathered at position_ids → [B, S, 1, d/2, 1]. Computed as
        // ggml's rope cache does (ggml_rope_cache_init): in float, the angle multiplied by base^(-2/d) pair after pair. The
        // exact angles differ from those by up to ~1e-5 rad at later positions, enough to flip a nearly tied greedy token.
        var cos = new float[s.ContextLength * (d / 2)];
        var sin = new float[cos.Length];
        var thetaScale = MathF.Pow(s.RopeBase, -2f / d);
        for (var p = 0; p < s.ContextLength; p++)
        {
            var theta = (float)p;
            for (var i = 0; i < d / 2; i++)
            {
                cos[p * (d / 2) + i] = MathF.Cos(theta);
                sin[p * (d / 2) + i] = MathF.Sin(theta);
                theta *= thetaScale;
            }
        }
        g.Floats("rope_cos", [s.ContextLength, d / 2], cos);
        g.Floats("rope_sin", [s.ContextLength, d / 2], sin);
        var cosAt = g.Node("Unsqueeze", [g.Node("Gather", ["rope_cos", positionIds], attributes: new OnnxAttribute("axis", 0)), axes24]);
        var sinAt = g.Node("Unsqueeze", [g.Node("Gather", ["rope_sin", positionIds], attributes: new OnnxAttribute("axis", 0)), axes24]);

        // Mask [B, 1, 1, S, T]: key j visible to query i when j <= (T - S) + i and attention_mask[b, j] == 1.
        var seqLen = g.Node("Gather", [g.Node("Shape", [inputIds]), one], attributes: new OnnxAttribute("axis", 0));
        var totalLen = g.Node("Gather", [g.Node("Shape", [attentionMask]), one], attributes: new OnnxAttribute("axis", 0));
        var keyIndex = g.Node("Range", [zero, totalLen, one]);
        var queryIndex = g.Node("Range", [g.Node("Sub", [totalLen, seqLen]), totalLen, one]);
        var causal = g.Node("LessOrEqual", [keyIndex, g.Node("Unsqueeze", [queryIndex, axis1])]); // [S, T]
        var keyMask = g.Node("Unsqueeze", [g.Node("Cast", [attentionMask], attributes: new OnnxAttribute("to", 9)), axes123]); // bool [B,1,1,1,T]
        var visible = g.Node("And", [causal, keyMask]);

        string MatMulWeight(string x, string name, int inputs, int outputs)
        {
            // GGUF stores `outputs` rows of `inputs` floats (W); MatMul wants Wᵀ of shape [inputs, outputs].
            var w = read(name);
            var t = new float[w.Length];
            for (var o = 0; o < outputs; o++)
                for (var i = 0; i < inputs; i++) t[i * outputs + o] = w[o * inputs + i];
            g.Floats(name, [inputs, outputs], t);
            return g.Node("MatMul", [x, name]);
        }
        string RmsNorm(string x, string weightName)
        {
            g.Floats(weightName, [n], read(weightName));
            var meanSquare = g.Node("ReduceMean", [g.Node("Mul", [x, x])],
                attributes: [new OnnxAttribute("axes", Ints: [-1]), new OnnxAttribute("keepdims", 1)]);
            var normalized = g.Node("Div", [x, g.Node("Sqrt", [g.Node("Add", [meanSquare, eps])])]);
            return g.Node("Mul", [normalized, weightName]);
        }
        string Rope(string x, string pairShape, string headShape)
        {
            var pairs = g.Node("Reshape", [x, pairShape]); // [B, S, H, d/2, 2]
            var a = g.Node("Slice", [pairs, start0, start1, sliceAxis]);
            var b = g.Node("Slice", [pairs, start1, end2, sliceAxis]);
            var ra = g.Node("Sub", [g.Node("Mul", [a, cosAt]), g.Node("Mul", [b, sinAt])]);
            var rb = g.Node("Add", [g.Node("Mul", [a, sinAt]), g.Node("Mul", [b, cosAt])]);
            return g.Node("Reshape", [g.Node("Concat", [ra, rb], attributes: new OnnxAttribute("axis", 4)), headShape]); // [B, S, H, d]
        }

        g.Floats("token_embd.weight", [s.Vocabulary, n], embedding);
        var hidden = g.Node("Gather", ["token_embd.weight", inputIds], attributes: new OnnxAttribute("axis", 0));
        var nkv = s.KvHeads * d;
        for (var l = 0; l < s.Layers; l++)
        {
            var pastKey = g.Input($"past_key_values.{l}.key", F, "batch_size", s.KvHeads, "past_sequence_length", d);
            var pastValue = g.Input($"past_key_values.{l}.value", F, "batch_size", s.KvHeads, "past_sequence_length", d);
            var h = RmsNorm(hidden, $"blk.{l}.attn_norm.weight");
            var q = Rope(MatMulWeight(h, $"blk.{l}.attn_q.weight", n, n), shapeHeadsPairs, shapeQHeads);
            var k = Rope(MatMulWeight(h, $"blk.{l}.attn_k.weight", n, nkv), shapeKvPairs, shapeKvHeads);
            var v = g.Node("Reshape", [MatMulWeight(h, $"blk.{l}.attn_v.weight", n, nkv), shapeKvHeads]);
            var bnsh = new OnnxAttribute("perm", Ints: [0, 2, 1, 3]);
            var presentKey = g.Node("Concat", [pastKey, g.Node("Transpose", [k], attributes: bnsh)], $"present.{l}.key", new OnnxAttribute("axis", 2));
            var presentValue = g.Node("Concat", [pastValue, g.Node("Transpose", [v], attributes: bnsh)], $"present.{l}.value", new OnnxAttribute("axis", 2));
            g.Output(presentKey, F, "batch_size", s.KvHeads, "total_sequence_length", d);
            g.Output(presentValue, F, "batch_size", s.KvHeads, "total_sequence_length", d);

            // Grouped-query attention by broadcasting: query heads [B, Hkv, G, S, d] against keys [B, Hkv, 1, T, d].
            var qGroups = g.Node("Reshape", [g.Node("Transpose", [q], attributes: bnsh), shapeGroups]);
            var kGroups = g.Node("Unsqueeze", [presentKey, axis2]);
            var vGroups = g.Node("Unsqueeze", [presentValue, axis2]);
            var scores = g.Node("Mul", [g.Node("MatMul", [qGroups,
                g.Node("Transpose", [kGroups], attributes: new OnnxAttribute("perm", Ints: [0, 1, 2, 4, 3]))]), scale]);
            var probs = g.Node("Softmax", [g.Node("Where", [visible, scores, masked])], attributes: new OnnxAttribute("axis", -1));
            var context = g.Node("Reshape", [g.Node("MatMul", [probs, vGroups]), shapeMerged]); // [B, H, S, d]
            var merged = g.Node("Reshape", [g.Node("Transpose", [context], attributes: bnsh), shapeHidden]);
            hidden = g.Node("Add", [hidden, MatMulWeight(merged, $"blk.{l}.attn_output.weight", n, n)]);

            var h2 = RmsNorm(hidden, $"blk.{l}.ffn_norm.weight");
            var gate = MatMulWeight(h2, $"blk.{l}.ffn_gate.weight", n, s.FeedForward);
            var up = MatMulWeight(h2, $"blk.{l}.ffn_up.weight", n, s.FeedForward);
            var act = g.Node("Mul", [g.Node("Mul", [gate, g.Node("Sigmoid", [gate])]), up]);
            hidden = g.Node("Add", [hidden, MatMulWeight(act, $"blk.{l}.ffn_down.weight", s.FeedForward, n)]);
        }
        var final = RmsNorm(hidden, "output_norm.weight");
        // output.weight may be the embedding itself (tied); store it under its own name either way.
        var wOut = new float[outputWeight.Length];
        for (var o = 0; o < s.Vocabulary; o++)
            for (var i = 0; i < n; i++) wOut[i * s.Vocabulary + o] = outputWeight[o * n + i];
        g.Floats("output.weight", [n, s.Vocabulary], wOut);
        g.Node("MatMul", [final, "output.weight"], "logits");
        g.Output("logits", F, "batch_size", "sequence_length", s.Vocabulary);
        return g;
    }
}
