using System.Runtime.InteropServices;
using System.Text;
using PatchBench.Generation.Gguf;
using PatchBench.Generation.LlamaCpp.Native;

namespace PatchBench.Generation.LlamaCpp;

/// <summary>
/// A GGUF model loaded by llama.cpp: weights plus vocabulary. Tokenizing, detokenizing and chat
/// templates need only this; generating needs a context (<see cref="LlamaCppGenerator"/>).
/// </summary>
public sealed class LlamaModel : IDisposable
{
    internal SafeLlamaModelHandle Handle { get; }
    internal IntPtr Vocab { get; }

    private LlamaModel(SafeLlamaModelHandle handle, string path)
    {
        Handle = handle;
        Path = path;
        Vocab = LlamaNative.llama_model_get_vocab(handle);
        VocabularySize = LlamaNative.llama_vocab_n_tokens(Vocab);
        Bos = LlamaNative.llama_vocab_bos(Vocab);
        Eos = LlamaNative.llama_vocab_eos(Vocab);
        AddsBos = LlamaNative.llama_vocab_get_add_bos(Vocab);
        TrainingContextLength = LlamaNative.llama_model_n_ctx_train(handle);
        EmbeddingLength = LlamaNative.llama_model_n_embd(handle);
        LayerCount = LlamaNative.llama_model_n_layer(handle);
        ParameterCount = LlamaNative.llama_model_n_params(handle);
        SizeBytes = LlamaNative.llama_model_size(handle);
        ChatTemplate = Marshal.PtrToStringUTF8(LlamaNative.llama_model_chat_template(handle, null));
        unsafe
        {
            var buffer = stackalloc byte[256];
            var n = LlamaNative.llama_model_desc(handle, buffer, 256);
            Description = n > 0 ? Encoding.UTF8.GetString(buffer, Math.Min(n, 255)) : "";
        }
    }

    /// <summary>The file the model came from.</summary>
    public string Path { get; }

    /// <summary>llama.cpp's one-line description (architecture, size, quantisation).</summary>
    public string Description { get; }

    /// <summary>Number of tokens in the vocabulary.</summary>
    public int VocabularySize { get; }

    /// <summary>Beginning-of-sequence token id.</summary>
    public int Bos { get; }

    /// <summary>End-of-sequence token id.</summary>
    public int Eos { get; }

    /// <summary>Whether the model wants a BOS token in front of every prompt.</summary>
    public bool AddsBos { get; }

    /// <summary>Context length the model was trained with.</summary>
    public int TrainingContextLength { get; }

    /// <summary>Embedding width.</summary>
    public int EmbeddingLength { get; }

    /// <summary>Number of transformer blocks.</summary>
    public int LayerCount { get; }

    /// <summary>Number of weights.</summary>
    public ulong ParameterCount { get; }

    /// <summary>Bytes of tensor data.</summary>
    public ulong SizeBytes { get; }

    /// <summary>The model's built-in chat template (tokenizer.chat_template), or null.</summary>
    public string? ChatTemplate { get; }

    /// <summary>
    /// Loads a GGUF file. Throws <see cref="FileNotFoundException"/> for a missing file,
    /// <see cref="GgufFormatException"/> for a file that is not GGUF or is cut short, and
    /// <see cref="LlamaCppException"/> (quoting llama.cpp's log) when llama.cpp refuses it.
    /// </summary>
    public static LlamaModel Load(string path, LlamaCppOptions? options = null)
    {
        options ??= new LlamaCppOptions();
        if (!File.Exists(path)) throw new FileNotFoundException($"model file not found: '{path}'", path);
        // Check the container ourselves first: llama.cpp's own messages for these go to its log only.
        GgufReader.ValidateFile(path);
        LlamaLibrary.Load(options.NativeDirectory, options.Device);
        var parameters = LlamaNative.llama_model_default_params();
        parameters.n_gpu_layers = options.Device == LlamaDevice.Cpu ? 0 : options.GpuLayers;
        LlamaLibrary.ClearRecentLog();
        var model = LlamaNative.llama_model_load_from_file(System.IO.Path.GetFullPath(path), parameters);
        if (model == IntPtr.Zero)
        {
            throw new LlamaCppException($"llama.cpp could not load '{path}': {LlamaLibrary.RecentLogText()}");
        }
        return new LlamaModel(new SafeLlamaModelHandle(model), path);
    }

    /// <summary>Tokenizes text. <paramref name="addSpecial"/> adds BOS when the model wants it;
    /// <paramref name="parseSpecial"/> turns control-token text such as "&lt;/s&gt;" into those tokens.</summary>
    public unsafe int[] Tokenize(string text, bool addSpecial, bool parseSpecial = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var capacity = bytes.Length + 8;
        while (true)
        {
            var tokens = new int[capacity];
            int n;
            fixed (byte* t = bytes)
            fixed (int* o = tokens)
            {
                n = LlamaNative.llama_tokenize(Vocab, t, bytes.Length, o, capacity, addSpecial, parseSpecial);
            }
            if (n >= 0) return tokens[..n];
            if (n == int.MinValue) throw new LlamaCppException($"tokenizing {bytes.Length} bytes overflows llama.cpp's token count");
            capacity = -n;
        }
    }

    /// <summary>The bytes of one token's text (may be part of a UTF-8 character for byte tokens).</summary>
    public unsafe byte[] TokenBytes(int token, bool special = false)
    {
        Span<byte> buffer = stackalloc byte[64];
        int n;
        fixed (byte* b = buffer) n = LlamaNative.llama_token_to_piece(Vocab, token, b, buffer.Length, 0, special);
        if (n >= 0) return buffer[..n].ToArray();
        var big = new byte[-n];
        fixed (byte* b = big) n = LlamaNative.llama_token_to_piece(Vocab, token, b, big.Length, 0, special);
        return big[..n];
    }

    /// <summary>Text of a token sequence (special tokens left out unless asked for), so that
    /// Detokenize(Tokenize(text)) is text: a leading BOS is dropped, and with it the space
    /// SentencePiece puts in front of the first word.</summary>
    public unsafe string Detokenize(ReadOnlySpan<int> tokens, bool renderSpecial = false)
    {
        if (!renderSpecial && tokens.Length > 0 && tokens[0] == Bos) tokens = tokens[1..];
        var capacity = tokens.Length * 8 + 16;
        while (true)
        {
            var buffer = new byte[capacity];
            int n;
            fixed (int* t = tokens)
            fixed (byte* b = buffer)
            {
                n = LlamaNative.llama_detokenize(Vocab, t, tokens.Length, b, capacity, !renderSpecial, renderSpecial);
            }
            if (n >= 0) return Encoding.UTF8.GetString(buffer, 0, n);
            capacity = -n;
        }
    }

    /// <summary>True for end-of-generation tokens (EOS, EOT, ...).</summary>
    public bool IsEndOfGeneration(int token) => LlamaNative.llama_vocab_is_eog(Vocab, token);

    /// <summary>True for control tokens (BOS, EOS, chat markers), which generated text leaves out.</summary>
    public bool IsControl(int token) => LlamaNative.llama_vocab_is_control(Vocab, token);

    /// <summary>
    /// Renders chat messages with a template: <paramref name="template"/> (a template text or a
    /// built-in name such as "chatml"), else the model's own. llama.cpp recognises the common
    /// templates by their text; an unrecognised one gives a clear error.
    /// </summary>
    public unsafe string ApplyChatTemplate(IReadOnlyList<ChatMessage> messages, bool addAssistantPrompt = true, string? template = null)
    {
        template ??= ChatTemplate ?? throw new InvalidOperationException(
            $"model '{Path}' has no built-in chat template (tokenizer.chat_template); use a prompt template instead");
        var handles = new List<GCHandle>();
        try
        {
            byte[] Pin(string s)
            {
                var b = Encoding.UTF8.GetBytes(s + "\0");
                handles.Add(GCHandle.Alloc(b, GCHandleType.Pinned));
                return b;
            }
            var chat = new LlamaChatMessage[messages.Count];
            for (var i = 0; i < messages.Count; i++)
            {
                Pin(messages[i].Role);
                var role = handles[^1].AddrOfPinnedObject();
                Pin(messages[i].Content);
                chat[i] = new LlamaChatMessage { role = role, content = handles[^1].AddrOfPinnedObject() };
            }
            var tmpl = Pin(template);
            var capacity = messages.Sum(m => Encoding.UTF8.GetByteCount(m.Content) + Encoding.UTF8.GetByteCount(m.Role)) * 2 + 256;
            while (true)
            {
                var buffer = new byte[capacity];
                int n;
                fixed (LlamaChatMessage* c = chat)
                fixed (byte* t = tmpl)
                fixed (byte* b = buffer)
                {
                    n = LlamaNative.llama_chat_apply_template(t, c, (nuint)chat.Length, addAssistantPrompt, b, capacity);
                }
                if (n < 0)
                {
                    throw new InvalidOperationException(
                        $"llama.cpp does not recognise the chat template of '{Path}' (it supports the common built-in templates, not arbitrary Jinja)");
                }
                if (n <= capacity) return Encoding.UTF8.GetString(buffer, 0, n);
                capacity = n;
            }
        }
        finally
        {
            foreach (var h in handles) h.Free();
        }
    }

    /// <inheritdoc />
    public void Dispose() => Handle.Dispose();
}
