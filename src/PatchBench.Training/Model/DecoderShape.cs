namespace PatchBench.Training.Model;

/// <summary>The size of a LLaMA-layout decoder (what GGUF's llama.* keys say).</summary>
/// <param name="Vocabulary">Vocabulary size.</param>
/// <param name="Hidden">Embedding width (n_embd).</param>
/// <param name="Layers">Transformer blocks.</param>
/// <param name="Heads">Attention heads (no grouped-query attention: key/value heads = heads).</param>
/// <param name="FeedForward">SwiGLU hidden width.</param>
/// <param name="Context">Training and inference context length in tokens.</param>
/// <param name="RopeBase">Rotary frequency base.</param>
/// <param name="Epsilon">RMSNorm epsilon.</param>
public sealed record DecoderShape(int Vocabulary, int Hidden, int Layers, int Heads, int FeedForward, int Context, float RopeBase = 10000f,
    float Epsilon = 1e-5f)
{
    /// <summary>Per-head width.</summary>
    public int HeadSize => Hidden / Heads;

    /// <summary>Number of trained parameters (embedding, blocks, final norm, untied output).</summary>
    public long Parameters =>
        2L * Vocabulary * Hidden + Hidden + Layers * (4L * Hidden * Hidden + 3L * Hidden * FeedForward + 2L * Hidden);

    /// <summary>Throws a one-line error when the shape cannot be built.</summary>
    public DecoderShape Validated()
    {
        if (Hidden <= 0 || Layers <= 0 || Heads <= 0 || FeedForward <= 0 || Context <= 1 || Vocabulary <= 0)
            throw new ArgumentException($"decoder shape needs positive sizes, got {this}");
        if (Hidden % Heads != 0 || HeadSize % 2 != 0)
            throw new ArgumentException($"hidden width {Hidden} must split into {Heads} heads of an even size");
        return this;
    }
}
