using System.Text;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using LLama.Native;
using PatchBench.Generation.Gguf;

namespace PatchBench.Generation.LlamaCpp;

/// <summary>
/// A GGUF model loaded by LLamaSharp (<see cref="LLamaWeights"/>): weights plus vocabulary. Tokenizing, detokenizing
/// and chat templates need only this; generating needs a context (<see cref="LlamaCppGenerator"/>).
/// </summary>
public sealed class LlamaModel : IDisposable
{
    private LlamaModel(LLamaWeights weights, string path, LlamaCppOptions options)
    {
        Weights = weights;
        Path = path;
        Options = options;
        var handle = weights.NativeHandle;
        Vocabulary = handle.Vocab;
        VocabularySize = Vocabulary.Count;
        Bos = Vocabulary.BOS is { } bos ? (int)bos : -1;
        Eos = Vocabulary.EOS is { } eos ? (int)eos : -1;
        AddsBos = Vocabulary.ShouldAddBOS;
        TrainingContextLength = weights.ContextSize;
        EmbeddingLength = weights.EmbeddingSize;
        LayerCount = handle.LayerCount;
        ParameterCount = weights.ParameterCount;
        SizeBytes = weights.SizeInBytes;
        Description = handle.Description;
        ChatTemplate = weights.Metadata.TryGetValue("tokenizer.chat_template", out var t) ? t : null;
    }

    /// <summary>LLamaSharp's model.</summary>
    public LLamaWeights Weights { get; }

    internal SafeLlamaModelHandle.Vocabulary Vocabulary { get; }

    /// <summary>The options it was loaded with (device, GPU layers, threads for its contexts).</summary>
    public LlamaCppOptions Options { get; }

    /// <summary>The file the model came from.</summary>
    public string Path { get; }

    /// <summary>llama.cpp's one-line description (architecture, size, quantisation).</summary>
    public string Description { get; }

    /// <summary>Number of tokens in the vocabulary.</summary>
    public int VocabularySize { get; }

    /// <summary>Beginning-of-sequence token id (-1 when the model has none).</summary>
    public int Bos { get; }

    /// <summary>End-of-sequence token id (-1 when the model has none).</summary>
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
        LlamaNativeLibrary.Load(options.Device, options.NativeDirectory);
        LlamaNativeLibrary.ClearRecentLog();
        try
        {
            return new LlamaModel(LLamaWeights.LoadFromFile(options.ModelParams(System.IO.Path.GetFullPath(path), 0)), path, options);
        }
        catch (LoadWeightsFailedException)
        {
            throw new LlamaCppException($"llama.cpp could not load '{path}': {LlamaNativeLibrary.RecentLogText()}");
        }
    }

    /// <summary>Tokenizes text. <paramref name="addSpecial"/> adds BOS when the model wants it;
    /// <paramref name="parseSpecial"/> turns control-token text such as "&lt;/s&gt;" into those tokens.</summary>
    public int[] Tokenize(string text, bool addSpecial, bool parseSpecial = false) =>
        Array.ConvertAll(Weights.Tokenize(text, addSpecial, parseSpecial, Encoding.UTF8), t => (int)t);

    /// <summary>The bytes of one token's text (may be part of a UTF-8 character for byte tokens).</summary>
    public byte[] TokenBytes(int token, bool special = false)
    {
        Span<byte> buffer = stackalloc byte[64];
        var n = (int)Weights.NativeHandle.TokenToSpan(token, buffer, 0, special);
        if (n <= buffer.Length) return buffer[..n].ToArray();
        var big = new byte[n];
        Weights.NativeHandle.TokenToSpan(token, big, 0, special);
        return big;
    }

    /// <summary>Text of a token sequence (control tokens left out), through LLamaSharp's streaming decoder. A leading BOS is
    /// dropped, and with it the space SentencePiece puts in front of the first word, so Detokenize(Tokenize(text)) is text.</summary>
    public string Detokenize(ReadOnlySpan<int> tokens)
    {
        var decoder = new StreamingTokenDecoder(Encoding.UTF8, Weights);
        var start = tokens.Length > 0 && tokens[0] == Bos ? 1 : 0;
        for (var i = start; i < tokens.Length; i++) decoder.Add(tokens[i]);
        var text = decoder.Read();
        // After BOS, llama.cpp's SentencePiece detokenizer drops the leading space of the first piece.
        return start == 1 && AddsSpacePrefix && text.StartsWith(' ') ? text[1..] : text;
    }

    private bool AddsSpacePrefix => Vocabulary.Type == LLamaVocabType.SentencePiece;

    /// <summary>True for end-of-generation tokens (EOS, EOT, ...).</summary>
    public bool IsEndOfGeneration(int token) => ((LLamaToken)token).IsEndOfGeneration(Vocabulary);

    /// <summary>True for control tokens (BOS, EOS, chat markers), which generated text leaves out.</summary>
    public bool IsControl(int token) => ((LLamaToken)token).IsControl(Vocabulary);

    /// <summary>
    /// Renders chat messages with the model's own template through LLamaSharp's <see cref="LLamaTemplate"/> (llama.cpp
    /// recognises the common templates by their text); a model without one, or with one llama.cpp does not know, is a
    /// clear error.
    /// </summary>
    public string ApplyChatTemplate(IReadOnlyList<ChatMessage> messages, bool addAssistantPrompt = true)
    {
        if (ChatTemplate is null)
            throw new InvalidOperationException($"model '{Path}' has no built-in chat template (tokenizer.chat_template); use a prompt template instead");
        var template = new LLamaTemplate(Weights) { AddAssistant = addAssistantPrompt };
        foreach (var m in messages) template.Add(m.Role, m.Content);
        try
        {
            return Encoding.UTF8.GetString(template.Apply());
        }
        catch (TemplateNotFoundException)
        {
            throw new InvalidOperationException(
                $"llama.cpp does not recognise the chat template of '{Path}' (it supports the common built-in templates, not arbitrary Jinja)");
        }
    }

    /// <inheritdoc />
    public void Dispose() => Weights.Dispose();
}
