using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PatchBench.Training.Model;

/// <summary>
/// A LLaMA-layout decoder in TorchSharp that computes what llama.cpp computes on its GGUF export: token embedding,
/// per block RMSNorm → causal self-attention with rotary embeddings → residual, RMSNorm → SwiGLU → residual, final
/// RMSNorm and an untied output projection; no biases. Rotary embeddings rotate adjacent pairs (2i, 2i+1), llama.cpp's
/// NORM mode, so the weights go to GGUF as they are (no Q/K permutation as for Hugging Face's half-split layout).
/// </summary>
public sealed class LlamaDecoder : nn.Module<Tensor, Tensor>
{
    private readonly Embedding tok_embd;
    private readonly ModuleList<DecoderBlock> blocks;
    private readonly RmsNorm output_norm;
    private readonly Linear output;
    private readonly Tensor _cos, _sin;

    /// <summary>The decoder's size.</summary>
    public DecoderShape Shape { get; }

    /// <summary>Builds the decoder with weights drawn from TorchSharp's generator (seed it first for fixed weights).</summary>
    public LlamaDecoder(DecoderShape shape) : base("llama_decoder")
    {
        Shape = shape.Validated();
        tok_embd = nn.Embedding(shape.Vocabulary, shape.Hidden);
        blocks = nn.ModuleList(Enumerable.Range(0, shape.Layers).Select(_ => new DecoderBlock(shape)).ToArray());
        output_norm = new RmsNorm(shape.Hidden, shape.Epsilon);
        output = nn.Linear(shape.Hidden, shape.Vocabulary, hasBias: false);
        // Angles pos·base^(-2i/d) of llama.cpp's rope, for every position of the context; not trained, not saved.
        var half = shape.HeadSize / 2;
        var inverse = torch.pow(shape.RopeBase, -torch.arange(0, half, dtype: float32) * 2f / shape.HeadSize);
        var angles = torch.outer(torch.arange(0, shape.Context, dtype: float32), inverse);
        _cos = angles.cos().DetachFromDisposeScope();
        _sin = angles.sin().DetachFromDisposeScope();
        RegisterComponents();
        using (torch.no_grad())
        {
            // GPT-2's initialisation: N(0, 0.02), the projections back into the residual stream scaled by 1/√(2·layers).
            foreach (var (name, p) in named_parameters())
            {
                if (p.dim() != 2) continue;
                var std = name.EndsWith("wo.weight", StringComparison.Ordinal) || name.EndsWith("w2.weight", StringComparison.Ordinal)
                    ? 0.02 / Math.Sqrt(2.0 * shape.Layers) : 0.02;
                nn.init.normal_(p, 0, std);
            }
        }
    }

    /// <summary>Logits [batch, time, vocabulary] of token ids [batch, time].</summary>
    public override Tensor forward(Tensor ids)
    {
        var time = ids.shape[1];
        using var cos = _cos.narrow(0, 0, time);
        using var sin = _sin.narrow(0, 0, time);
        var x = tok_embd.forward(ids);
        foreach (var block in blocks) x = block.Forward(x, cos, sin);
        return output.forward(output_norm.forward(x));
    }

    /// <summary>The weights under their GGUF tensor names, as row-major float arrays (ggml's [n_in, n_out] layout).</summary>
    public IReadOnlyDictionary<string, float[]> GgufTensors()
    {
        static float[] Values(Tensor t) => t.detach().contiguous().to(float32).data<float>().ToArray();
        var tensors = new Dictionary<string, float[]>(StringComparer.Ordinal) { ["token_embd.weight"] = Values(tok_embd.weight!) };
        for (var l = 0; l < blocks.Count; l++)
        {
            var b = blocks[l];
            tensors[$"blk.{l}.attn_norm.weight"] = Values(b.AttentionNorm.weight);
            tensors[$"blk.{l}.attn_q.weight"] = Values(b.Wq.weight!);
            tensors[$"blk.{l}.attn_k.weight"] = Values(b.Wk.weight!);
            tensors[$"blk.{l}.attn_v.weight"] = Values(b.Wv.weight!);
            tensors[$"blk.{l}.attn_output.weight"] = Values(b.Wo.weight!);
            tensors[$"blk.{l}.ffn_norm.weight"] = Values(b.FeedForwardNorm.weight);
            tensors[$"blk.{l}.ffn_gate.weight"] = Values(b.W1.weight!);
            tensors[$"blk.{l}.ffn_up.weight"] = Values(b.W3.weight!);
            tensors[$"blk.{l}.ffn_down.weight"] = Values(b.W2.weight!);
        }
        tensors["output_norm.weight"] = Values(output_norm.weight);
        tensors["output.weight"] = Values(output.weight!);
        return tensors;
    }

    /// <summary>Greedy continuation of <paramref name="prompt"/> ids (no KV cache: this is the reference, not the fast path).</summary>
    public IReadOnlyList<int> Greedy(IReadOnlyList<int> prompt, int maxTokens, int stopId)
    {
        var ids = prompt.ToList();
        using var noGrad = torch.no_grad();
        for (var i = 0; i < maxTokens && ids.Count < Shape.Context; i++)
        {
            using var scope = torch.NewDisposeScope();
            var input = torch.tensor(ids.Select(v => (long)v).ToArray(), dtype: int64).unsqueeze(0);
            var next = (int)forward(input)[0, -1].argmax().item<long>();
            ids.Add(next);
            if (next == stopId) break;
        }
        return ids.Skip(prompt.Count).ToList();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) { _cos.Dispose(); _sin.Dispose(); }
        base.Dispose(disposing);
    }
}

/// <summary>RMSNorm with a learned scale: x / √(mean(x²) + ε) · w, as llama.cpp's rms_norm followed by a mul.</summary>
internal sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly double _epsilon;

    public Parameter weight;

    public RmsNorm(int width, double epsilon) : base("rms_norm")
    {
        _epsilon = epsilon;
        weight = nn.Parameter(torch.ones(width));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => x * torch.rsqrt(x.pow(2).mean([-1], keepdim: true) + _epsilon) * weight;
}

/// <summary>One transformer block: pre-norm attention and pre-norm SwiGLU, each added to the residual stream.</summary>
internal sealed class DecoderBlock : nn.Module
{
    private readonly int _heads, _headSize;

    public RmsNorm attn_norm, ffn_norm;
    public Linear wq, wk, wv, wo, w1, w2, w3;

    public DecoderBlock(DecoderShape s) : base("block")
    {
        (_heads, _headSize) = (s.Heads, s.HeadSize);
        attn_norm = new RmsNorm(s.Hidden, s.Epsilon);
        wq = nn.Linear(s.Hidden, s.Hidden, hasBias: false);
        wk = nn.Linear(s.Hidden, s.Hidden, hasBias: false);
        wv = nn.Linear(s.Hidden, s.Hidden, hasBias: false);
        wo = nn.Linear(s.Hidden, s.Hidden, hasBias: false);
        ffn_norm = new RmsNorm(s.Hidden, s.Epsilon);
        w1 = nn.Linear(s.Hidden, s.FeedForward, hasBias: false);
        w3 = nn.Linear(s.Hidden, s.FeedForward, hasBias: false);
        w2 = nn.Linear(s.FeedForward, s.Hidden, hasBias: false);
        RegisterComponents();
    }

    public RmsNorm AttentionNorm => attn_norm;
    public RmsNorm FeedForwardNorm => ffn_norm;
    public Linear Wq => wq;
    public Linear Wk => wk;
    public Linear Wv => wv;
    public Linear Wo => wo;
    public Linear W1 => w1;
    public Linear W2 => w2;
    public Linear W3 => w3;

    public Tensor Forward(Tensor x, Tensor cos, Tensor sin)
    {
        long batch = x.shape[0], time = x.shape[1];
        var h = attn_norm.forward(x);
        Tensor Heads(Linear w) => w.forward(h).view(batch, time, _heads, _headSize).transpose(1, 2);
        var q = Rotate(Heads(wq), cos, sin);
        var k = Rotate(Heads(wk), cos, sin);
        var attention = nn.functional.scaled_dot_product_attention(q, k, Heads(wv), is_casual: true);
        x = x + wo.forward(attention.transpose(1, 2).reshape(batch, time, _heads * _headSize));
        var f = ffn_norm.forward(x);
        return x + w2.forward(nn.functional.silu(w1.forward(f)) * w3.forward(f));
    }

    // Rotates each adjacent pair (x[2i], x[2i+1]) of every head by angle[pos, i].
    private static Tensor Rotate(Tensor x, Tensor cos, Tensor sin)
    {
        var pairs = x.view(x.shape[0], x.shape[1], x.shape[2], x.shape[3] / 2, 2);
        var even = pairs.select(-1, 0);
        var odd = pairs.select(-1, 1);
        return torch.stack([even * cos - odd * sin, even * sin + odd * cos], -1).flatten(-2);
    }
}
