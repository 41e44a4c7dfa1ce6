using PatchBench.Generation.Gguf;
using PatchBench.Generation.Tokenizers;

namespace PatchBench.Testing;

/// <summary>Shape and contents of a generated LLaMA-architecture model.</summary>
public sealed record TinyLlamaConfig
{
    /// <summary>general.name.</summary>
    public string Name { get; init; } = "patchbench-tiny-llama";

    /// <summary>n_embd.</summary>
    public int EmbeddingLength { get; init; } = 64;

    /// <summary>Number of transformer blocks.</summary>
    public int Layers { get; init; } = 2;

    /// <summary>Attention heads.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Key/value heads (fewer than Heads = grouped-query attention).</summary>
    public int KvHeads { get; init; } = 4;

    /// <summary>Feed-forward width.</summary>
    public int FeedForwardLength { get; init; } = 128;

    /// <summary>llama.context_length.</summary>
    public int ContextLength { get; init; } = 512;

    /// <summary>Extra synthetic pieces after the base vocabulary (to reach a realistic vocabulary size).</summary>
    public int SyntheticVocabulary { get; init; }

    /// <summary>The vocabulary llama.cpp reads: "llama" (SentencePiece, the default) or "gpt2" (byte-level BPE with merges).</summary>
    public string Vocabulary { get; init; } = "llama";

    /// <summary>F32, F16 or Q8_0 for the weight matrices (norms are always F32).</summary>
    public GgmlType WeightType { get; init; } = GgmlType.F32;

    /// <summary>Seed of the weights.</summary>
    public ulong Seed { get; init; } = 20240229;

    /// <summary>Store a ChatML chat template (tokenizer.chat_template).</summary>
    public bool ChatTemplate { get; init; } = true;

    /// <summary>Per-head dimension.</summary>
    public int HeadDimension => EmbeddingLength / Heads;
}

/// <summary>
/// Writes a small LLaMA-architecture GGUF model with fixed, seeded weights and a SentencePiece-style
/// ("llama") vocabulary: &lt;unk&gt;, &lt;s&gt;, &lt;/s&gt;, the 256 byte-fallback tokens &lt;0x00&gt;..&lt;0xFF&gt;,
/// single characters and a few merged pieces such as "▁the", plus ChatML control tokens. The
/// model is untrained (its text is gibberish) but it exercises every code path of a real one.
/// </summary>
public static class TinyLlamaModelBuilder
{
    /// <summary>The ChatML template llama.cpp recognises (by its &lt;|im_start|&gt; marker).</summary>
    public const string ChatMlTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    /// <summary>Token kinds in tokenizer.ggml.token_type (llama.h, enum llama_token_type).</summary>
    private const int Normal = 1, Unknown = 2, Control = 3, Byte = 6;

    /// <summary>The vocabulary: (piece, score, type).</summary>
    public static IReadOnlyList<(string Piece, float Score, int Type)> Vocabulary(TinyLlamaConfig config)
    {
        if (config.Vocabulary == "gpt2") return Gpt2Vocabulary(config).Tokens;
        var vocab = new List<(string, float, int)>
        {
            ("<unk>", 0f, Unknown),
            ("<s>", 0f, Control),
            ("</s>", 0f, Control),
        };
        for (var b = 0; b < 256; b++) vocab.Add(($"<0x{b:X2}>", 0f, Byte));
        var singles = "▁abcdefghijklmnopqrstuvwxyz0123456789.,;:!?~#-+*/()[]{}'\"=<>";
        foreach (var c in singles) vocab.Add((c.ToString(), -1000f - vocab.Count, Normal));
        // Merges: each piece's prefix is itself a piece, so SentencePiece's pairwise merging can reach it.
        string[] merges =
        [
            "▁t", "▁th", "▁the", "▁a", "▁an", "▁and", "▁o", "▁os", "▁osc", "▁osc~", "▁d", "▁da", "▁dac", "▁dac~",
            "in", "er", "on", "at", "re", "▁p", "▁pd", "▁c", "▁co", "▁con", "▁conn", "▁conne", "▁connec", "▁connect",
            "▁#", "▁#X", "▁b", "▁ba", "▁ban", "▁bang",
        ];
        // Longer pieces score higher; the small per-piece step keeps every score distinct, because llama.cpp
        // breaks equal scores by position, which the ranked merges of a tokenizer.json cannot express.
        for (var i = 0; i < merges.Length; i++) vocab.Add((merges[i], -100f + merges[i].Length - 0.01f * i, Normal));
        if (config.ChatTemplate)
        {
            vocab.Add(("<|im_start|>", 0f, Control));
            vocab.Add(("<|im_end|>", 0f, Control));
        }
        for (var i = 0; i < config.SyntheticVocabulary; i++) vocab.Add(($"▁w{i:D5}", -5000f - i, Normal));
        // "X" is in "▁#X": llama.cpp can merge a character that is not a piece, Hugging Face's BPE cannot (it
        // turns it into byte tokens first), so the tokenizer.json export needs every character of a merged
        // piece in the vocabulary. Added last so that no other id moves.
        vocab.Add(("X", -1000f - vocab.Count, Normal));
        return vocab;
    }

    /// <summary>
    /// A GPT-2-style byte-level BPE vocabulary: the 256 byte characters of GPT-2's bytes_to_unicode, pieces made by a
    /// few merges ("Ġ" is the space byte), &lt;|endoftext|&gt; (BOS and EOS, as in GPT-2) and the ChatML control tokens.
    /// </summary>
    public static (IReadOnlyList<(string Piece, float Score, int Type)> Tokens, IReadOnlyList<string> Merges) Gpt2Vocabulary(TinyLlamaConfig config)
    {
        var tokens = new List<(string, float, int)>();
        foreach (var c in Gpt2ByteAlphabet.Characters) tokens.Add((c.ToString(), 0f, Normal));
        string[] merges =
        [
            "Ġ t", "Ġt h", "Ġth e", "Ġ a", "a n", "Ġa n", "Ġan d", "o s", "Ġ os", "Ġos c", "Ġosc ~", "Ġ d", "Ġd a", "Ġda c", "Ġdac ~",
            "i n", "e r", "o n", "a t", "r e", "Ġ p", "Ġp d", "Ġ c", "Ġc o", "Ġco n", "Ġ #", "Ġ# X", "Ġ b", "Ġb an", "Ġban g", "Ċ Ċ",
        ];
        foreach (var m in merges) tokens.Add((m.Replace(" ", "", StringComparison.Ordinal), 0f, Normal));
        for (var i = 0; i < config.SyntheticVocabulary; i++) tokens.Add(($"Ġw{i:D5}", 0f, Normal));
        tokens.Add(("<|endoftext|>", 0f, Control));
        if (config.ChatTemplate)
        {
            tokens.Add(("<|im_start|>", 0f, Control));
            tokens.Add(("<|im_end|>", 0f, Control));
        }
        return (tokens, merges);
    }

    /// <summary>Writes the model to <paramref name="path"/>.</summary>
    public static void Write(string path, TinyLlamaConfig? config = null) => Build(config ?? new TinyLlamaConfig()).WriteTo(path);

    /// <summary>The GGUF contents of the model.</summary>
    public static GgufWriter Build(TinyLlamaConfig c)
    {
        if (c.EmbeddingLength % c.Heads != 0) throw new ArgumentException("EmbeddingLength must be a multiple of Heads");
        if (c.Heads % c.KvHeads != 0) throw new ArgumentException("Heads must be a multiple of KvHeads");
        var vocab = Vocabulary(c);
        var w = new GgufWriter();
        w.AddString("general.architecture", "llama")
            .AddString("general.name", c.Name)
            .AddUInt32("general.file_type", c.WeightType switch { GgmlType.F16 => 1u, GgmlType.Q8_0 => 7u, _ => 0u })
            .AddUInt32("llama.context_length", (uint)c.ContextLength)
            .AddUInt32("llama.embedding_length", (uint)c.EmbeddingLength)
            .AddUInt32("llama.block_count", (uint)c.Layers)
            .AddUInt32("llama.feed_forward_length", (uint)c.FeedForwardLength)
            .AddUInt32("llama.attention.head_count", (uint)c.Heads)
            .AddUInt32("llama.attention.head_count_kv", (uint)c.KvHeads)
            .AddUInt32("llama.rope.dimension_count", (uint)c.HeadDimension)
            .AddFloat32("llama.rope.freq_base", 10000f)
            .AddFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f)
            .AddUInt32("llama.vocab_size", (uint)vocab.Count);
        if (c.Vocabulary == "gpt2")
        {
            var endOfText = vocab.Count - (c.ChatTemplate ? 3 : 1);
            w.AddString("tokenizer.ggml.model", "gpt2")
                .AddString("tokenizer.ggml.pre", "gpt-2")
                .AddStringArray("tokenizer.ggml.tokens", vocab.Select(v => v.Piece).ToList())
                .AddInt32Array("tokenizer.ggml.token_type", vocab.Select(v => v.Type).ToList())
                .AddStringArray("tokenizer.ggml.merges", Gpt2Vocabulary(c).Merges)
                .AddUInt32("tokenizer.ggml.bos_token_id", (uint)endOfText)
                .AddUInt32("tokenizer.ggml.eos_token_id", (uint)endOfText)
                .AddBool("tokenizer.ggml.add_bos_token", false);
        }
        else
        {
            w.AddString("tokenizer.ggml.model", "llama")
                .AddStringArray("tokenizer.ggml.tokens", vocab.Select(v => v.Piece).ToList())
                .AddFloat32Array("tokenizer.ggml.scores", vocab.Select(v => v.Score).ToList())
                .AddInt32Array("tokenizer.ggml.token_type", vocab.Select(v => v.Type).ToList())
                .AddUInt32("tokenizer.ggml.bos_token_id", 1)
                .AddUInt32("tokenizer.ggml.eos_token_id", 2)
                .AddUInt32("tokenizer.ggml.unknown_token_id", 0)
                .AddBool("tokenizer.ggml.add_bos_token", true)
                .AddBool("tokenizer.ggml.add_eos_token", false);
        }
        if (c.ChatTemplate) w.AddString("tokenizer.chat_template", ChatMlTemplate);

        long n = c.EmbeddingLength, nv = vocab.Count, nff = c.FeedForwardLength, nkv = (long)c.KvHeads * c.HeadDimension;
        var seed = c.Seed;
        // Each tensor gets its own stream of numbers, so adding a tensor does not change the others.
        void Matrix(string name, long inputs, long outputs, float scale) =>
            w.AddTensor(name, [inputs, outputs], c.WeightType, stream => WriteUniform(stream, inputs * outputs, scale, Mix(seed, name), c.WeightType));
        void Norm(string name) => w.AddTensor(name, [n], GgmlType.F32, Enumerable.Repeat(1f, (int)n).ToArray());

        Matrix("token_embd.weight", n, nv, 1f);
        for (var l = 0; l < c.Layers; l++)
        {
            Norm($"blk.{l}.attn_norm.weight");
            Matrix($"blk.{l}.attn_q.weight", n, n, 1f / MathF.Sqrt(n));
            Matrix($"blk.{l}.attn_k.weight", n, nkv, 1f / MathF.Sqrt(n));
            Matrix($"blk.{l}.attn_v.weight", n, nkv, 1f / MathF.Sqrt(n));
            Matrix($"blk.{l}.attn_output.weight", n, n, 1f / MathF.Sqrt(n));
            Norm($"blk.{l}.ffn_norm.weight");
            Matrix($"blk.{l}.ffn_gate.weight", n, nff, 1f / MathF.Sqrt(n));
            Matrix($"blk.{l}.ffn_up.weight", n, nff, 1f / MathF.Sqrt(n));
            Matrix($"blk.{l}.ffn_down.weight", nff, n, 1f / MathF.Sqrt(nff));
        }
        Norm("output_norm.weight");
        // Scaled up so the next-token distribution is peaked enough to give varied yet non-uniform text.
        Matrix("output.weight", n, nv, 4f / MathF.Sqrt(n));
        return w;
    }

    private static ulong Mix(ulong seed, string name)
    {
        var h = seed ^ 0x9E3779B97F4A7C15UL;
        foreach (var ch in name) h = (h ^ ch) * 0x100000001B3UL;
        return h;
    }

    // Uniform in [-scale, scale) from SplitMix64: fixed across runtimes and platforms.
    private static void WriteUniform(Stream stream, long count, float scale, ulong state, GgmlType type)
    {
        var chunk = new float[(int)Math.Min(count, 1 << 16)];
        for (long done = 0; done < count; done += chunk.Length)
        {
            var n = (int)Math.Min(chunk.Length, count - done);
            for (var i = 0; i < n; i++)
            {
                state += 0x9E3779B97F4A7C15UL;
                var z = state;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                z ^= z >> 31;
                chunk[i] = ((z >> 40) / (float)(1UL << 24) * 2f - 1f) * scale;
            }
            GgufWriter.WriteFloats(stream, chunk.AsSpan(0, n), type);
        }
    }
}
