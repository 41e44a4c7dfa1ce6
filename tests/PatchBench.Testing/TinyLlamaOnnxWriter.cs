using PatchBench.Generation.Onnx;

namespace PatchBench.Testing;

/// <summary>
/// The project's tiny LLaMA model (TinyLlamaModelBuilder's seeded weights) as an ONNX Runtime GenAI model folder, made
/// the way a user makes one: the GGUF is written, then converted by <see cref="GenAiFolderExporter"/>. The same weights
/// and vocabulary as the GGUF, so both backends compute the same function.
/// </summary>
public static class TinyLlamaOnnxWriter
{
    /// <summary>Writes the folder and returns its path.</summary>
    public static string Write(string folder, TinyLlamaConfig? config = null)
    {
        Directory.CreateDirectory(folder);
        var gguf = Path.Combine(folder, "weights.gguf.tmp");
        try
        {
            TinyLlamaModelBuilder.Write(gguf, config ?? new TinyLlamaConfig());
            GenAiFolderExporter.Export(gguf, folder);
        }
        finally
        {
            File.Delete(gguf);
        }
        return folder;
    }
}
