using System.CommandLine;
using PatchBench.Pd;
using PatchBench.Pd.Catalog;
using PatchBench.Pd.Drawing;

namespace PatchBench.Cli.Commands;

/// <summary><c>patchbench draw PATCH.pd --out DIR</c>: writes the patch and each of its subpatches as standalone SVG.</summary>
public static class DrawCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var patch = new Argument<FileInfo>("patch") { Description = "The patch to draw (.pd)" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the drawings", Required = true };
        var command = new Command("draw", "Draw a patch as Pd shows it: NAME.svg for the main canvas and NAME.PATH.svg for each subpatch (PATH = box indices " +
            "joined by '-').");
        command.Arguments.Add(patch);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var file = parse.GetValue(patch)!;
            var folder = parse.GetValue(output)!;
            if (!file.Exists) throw new UserInputException($"{file.FullName}: no such file");
            var parsed = PdParser.Parse(File.ReadAllBytes(file.FullName));
            if (parsed.Diagnostics.FirstOrDefault(d => d.Severity == PdSeverity.Error) is { } error)
                Console.Error.WriteLine($"{file.FullName}:{error.Line}:{error.Column}: warning: {error.Message} (drawn as read)");
            string name = Path.GetFileNameWithoutExtension(file.Name);
            try
            {
                folder.Create();
                foreach (var (path, svg) in PatchSvg.RenderAll(parsed, ObjectCatalog.Vanilla))
                {
                    string target = Path.Combine(folder.FullName, path.Length == 0 ? name + ".svg" : $"{name}.{path.Replace('/', '-')}.svg");
                    File.WriteAllText(target, svg);
                    Console.WriteLine(target);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UserInputException($"{folder.FullName}: cannot write drawings ({ex.Message})");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
