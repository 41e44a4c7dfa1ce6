using PatchBench.Generation.Gguf;

namespace PatchBench.Generation.Tests;

/// <summary>
/// An independent, plain C# forward pass of the F32 LLaMA models TinyLlamaModelBuilder writes
/// (RMSNorm, rotary embeddings in llama.cpp's "normal" adjacent-pair mode, grouped-query causal
/// attention, SwiGLU feed-forward), reading the weights back through GgufReader. It checks that
/// the file means to llama.cpp what the writer meant, and gives log-likelihoods to compare with.
/// </summary>
public sealed class ReferenceForwardPass
{
    private readonly Dictionary<string, float[]> _w = [];
    private readonly int _n, _layers, _heads, _kvHeads, _ff, _vocab, _dh;
    private readonly float _eps, _ropeBase;

    public ReferenceForwardPass(string path)
    {
        var file = GgufReader.Read(path);
        var bytes = File.ReadAllBytes(path);
        foreach (var t in file.Tensors)
        {
            if (t.Type != GgmlType.F32) throw new NotSupportedException("the reference pass reads F32 models only");
            var values = new float[t.ElementCount];
            Buffer.BlockCopy(bytes, (int)(file.DataOffset + (long)t.Offset), values, 0, values.Length * 4);
            _w[t.Name] = values;
        }
        _n = (int)file.GetInteger("llama.embedding_length")!;
        _layers = (int)file.GetInteger("llama.block_count")!;
        _heads = (int)file.GetInteger("llama.attention.head_count")!;
        _kvHeads = (int)file.GetInteger("llama.attention.head_count_kv")!;
        _ff = (int)file.GetInteger("llama.feed_forward_length")!;
        _eps = (float)(double)file.Metadata["llama.attention.layer_norm_rms_epsilon"];
        _ropeBase = (float)(double)file.Metadata["llama.rope.freq_base"];
        _dh = _n / _heads;
        _vocab = _w["token_embd.weight"].Length / _n;
    }

    /// <summary>Logits after each token of the sequence (row i predicts token i+1).</summary>
    public double[][] Logits(IReadOnlyList<int> tokens)
    {
        var nkv = _kvHeads * _dh;
        var keys = new double[_layers][][];
        var values = new double[_layers][][];
        for (var l = 0; l < _layers; l++) { keys[l] = new double[tokens.Count][]; values[l] = new double[tokens.Count][]; }
        var result = new double[tokens.Count][];
        for (var pos = 0; pos < tokens.Count; pos++)
        {
            var x = _w["token_embd.weight"].AsSpan(tokens[pos] * _n, _n).ToArray().Select(v => (double)v).ToArray();
            for (var l = 0; l < _layers; l++)
            {
                var h = RmsNorm(x, _w[$"blk.{l}.attn_norm.weight"]);
                var q = MatVec($"blk.{l}.attn_q.weight", h, _n);
                var k = MatVec($"blk.{l}.attn_k.weight", h, nkv);
                var v = MatVec($"blk.{l}.attn_v.weight", h, nkv);
                Rope(q, pos);
                Rope(k, pos);
                keys[l][pos] = k;
                values[l][pos] = v;
                var attention = new double[_n];
                for (var head = 0; head < _heads; head++)
                {
                    var kvHead = head / (_heads / _kvHeads);
                    var scores = new double[pos + 1];
                    for (var t = 0; t <= pos; t++)
                    {
                        double dot = 0;
                        for (var d = 0; d < _dh; d++) dot += q[head * _dh + d] * keys[l][t][kvHead * _dh + d];
                        scores[t] = dot / Math.Sqrt(_dh);
                    }
                    var max = scores.Max();
                    var weights = scores.Select(s => Math.Exp(s - max)).ToArray();
                    var sum = weights.Sum();
                    for (var t = 0; t <= pos; t++)
                        for (var d = 0; d < _dh; d++)
                            attention[head * _dh + d] += weights[t] / sum * values[l][t][kvHead * _dh + d];
                }
                var o = MatVec($"blk.{l}.attn_output.weight", attention, _n);
                for (var i = 0; i < _n; i++) x[i] += o[i];
                var h2 = RmsNorm(x, _w[$"blk.{l}.ffn_norm.weight"]);
                var gate = MatVec($"blk.{l}.ffn_gate.weight", h2, _ff);
                var up = MatVec($"blk.{l}.ffn_up.weight", h2, _ff);
                var act = gate.Select((g, i) => g / (1 + Math.Exp(-g)) * up[i]).ToArray();
                var down = MatVec($"blk.{l}.ffn_down.weight", act, _n);
                for (var i = 0; i < _n; i++) x[i] += down[i];
            }
            result[pos] = MatVec("output.weight", RmsNorm(x, _w["output_norm.weight"]), _vocab);
        }
        return result;
    }

    /// <summary>log P(token) under the logits row.</summary>
    public static double LogProb(double[] logits, int token)
    {
        var max = logits.Max();
        return logits[token] - max - Math.Log(logits.Sum(l => Math.Exp(l - max)));
    }

    private double[] RmsNorm(double[] x, float[] weight)
    {
        var scale = 1.0 / Math.Sqrt(x.Sum(v => v * v) / x.Length + _eps);
        return x.Select((v, i) => v * scale * weight[i]).ToArray();
    }

    // ggml layout: a weight of ne [inputs, outputs] is `outputs` rows of `inputs` contiguous floats.
    private double[] MatVec(string name, double[] x, int outputs)
    {
        var w = _w[name];
        var y = new double[outputs];
        for (var o = 0; o < outputs; o++)
        {
            double s = 0;
            for (var i = 0; i < x.Length; i++) s += w[o * x.Length + i] * x[i];
            y[o] = s;
        }
        return y;
    }

    // llama.cpp's LLAMA_ROPE_TYPE_NORM: rotate adjacent pairs (2i, 2i+1) of each head by pos * base^(-2i/d).
    private void Rope(double[] v, int pos)
    {
        for (var head = 0; head < v.Length / _dh; head++)
        {
            for (var i = 0; i < _dh / 2; i++)
            {
                var theta = pos * Math.Pow(_ropeBase, -2.0 * i / _dh);
                var (c, s) = (Math.Cos(theta), Math.Sin(theta));
                var a = v[head * _dh + 2 * i];
                var b = v[head * _dh + 2 * i + 1];
                v[head * _dh + 2 * i] = a * c - b * s;
                v[head * _dh + 2 * i + 1] = a * s + b * c;
            }
        }
    }
}
