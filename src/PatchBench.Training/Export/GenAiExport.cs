using PatchBench.Generation.Onnx;

namespace PatchBench.Training.Export;

/// <summary>
/// Turns a checkpoint's GGUF into an ONNX Runtime GenAI folder with the same weights through the project's converter
/// (<c>patchbench convert</c>), which also writes the tokenizer files from the GGUF's byte vocabulary: the checkpoint
/// reaches GenAI exactly as a user's GGUF does.
/// </summary>
public static class GenAiExport
{
    /// <summary>Writes the folder for <paramref name="ggufPath"/> into <paramref name="folder"/> (replaced atomically).</summary>
    public static void Write(string ggufPath, string folder)
    {
        var temp = folder.TrimEnd('/') + ".tmp";
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        GenAiFolderExporter.Export(ggufPath, temp);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.Move(temp, folder);
    }
}
