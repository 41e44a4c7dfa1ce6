namespace PatchBench.Generation.Tokenizers;

/// <summary>
/// Text to token ids and back, independent of any native library: the ONNX backend tokenizes with
/// this (from a model folder's <c>tokenizer.json</c>), where the llama.cpp backend uses llama.cpp's own.
/// </summary>
public interface ITextTokenizer
{
    /// <summary>Number of token ids.</summary>
    int VocabularySize { get; }

    /// <summary>Beginning-of-sequence id, or null when the model has none.</summary>
    int? BosId { get; }

    /// <summary>End-of-sequence ids (generation stops at any of them).</summary>
    IReadOnlyList<int> EosIds { get; }

    /// <summary>Tokenizes <paramref name="text"/>; <paramref name="addSpecial"/> adds BOS (and whatever the tokenizer's post-processor adds).</summary>
    IReadOnlyList<int> Encode(string text, bool addSpecial);

    /// <summary>Whether <paramref name="id"/> is a special (control) token, which generated text leaves out as llama.cpp does.</summary>
    bool IsSpecial(int id);

    /// <summary>The raw bytes one token stands for (UTF-8 pieces may split a character across tokens).</summary>
    ReadOnlySpan<byte> TokenBytes(int id);

    /// <summary>Decodes ids to text (special tokens skipped when <paramref name="skipSpecial"/>).</summary>
    string Decode(IReadOnlyList<int> ids, bool skipSpecial = true);
}
