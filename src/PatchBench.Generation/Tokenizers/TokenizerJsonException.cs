namespace PatchBench.Generation.Tokenizers;

/// <summary>
/// A tokenizer.json that cannot be used: missing, not JSON, or asking for a model, normalizer,
/// pre-tokenizer, decoder or post-processor this implementation does not support. The message names
/// the file and what was found.
/// </summary>
public sealed class TokenizerJsonException(string message, Exception? inner = null) : Exception(message, inner);
