using System.CommandLine;
using PatchBench.Generation.Gguf;
using PatchBench.Generation.Onnx;

namespace PatchBench.Cli.Commands;

/// <summary><c>patchbench convert M.gguf --to onnx --out DIR</c>: the same weights as an ONNX Runtime GenAI model folder.</summary>
public static class ConvertCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var model = new Argument<string>("model") { Description = "A LLaMA-family GGUF (F32, F16, BF16 or Q8_0; SentencePiece or BPE vocabulary)" };
        var to = new Option<string>("--to") { Description = "Target format (onnx: an ONNX Runtime GenAI folder)", DefaultValueFactory = _ => "onnx" };
        to.AcceptOnlyFromAmong("onnx");
        var output = new Option<string>("--out") { Description = "The model folder to write", Required = true };
        var command = new Command("convert", "Convert a GGUF model into an ONNX Runtime GenAI model folder (model.onnx, genai_config.json, tokenizer files)");
        command.Arguments.Add(model);
        command.Options.Add(to);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(model)!;
            if (!File.Exists(path)) throw new UserInputException($"{path}: model file not found");
            GenAiExport export;
            try
            {
                export = GenAiFolderExporter.Export(path, parse.GetValue(output)!);
            }
            catch (Exception e) when (e is GgufFormatException or InvalidDataException or NotSupportedException)
            {
                throw new UserInputException(e.Message);
            }
            var s = export.Shape;
            Console.Out.WriteLine($"{export.Folder}: {s.Layers} layers, hidden {s.Hidden}, {s.Heads}/{s.KvHeads} heads, vocabulary {s.Vocabulary} " +
                $"({export.Vocabulary}), context {s.ContextLength}, weights from {export.WeightType} as F32");
            return ExitCodes.Ok;
        });
        return command;
    }
}
