using System.CommandLine;
using PatchBench.Cli.Lint;
using PatchBench.Pd;
using PatchBench.Pd.Catalog;
using PatchBench.Pd.Lint;

namespace PatchBench.Cli.Commands;

/// <summary><c>patchbench lint PATH… [--format text|json] [--profile vanilla]</c>: static check of .pd files and folders.</summary>
public static class LintCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var paths = new Argument<string[]>("path") { Description = ".pd files, or folders searched recursively for *.pd", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "text (path:line:col: severity CODE message) or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var profile = new Option<string>("--profile") { Description = "object catalog profile", DefaultValueFactory = _ => "vanilla" };
        var command = new Command("lint", "Static check of Pd patches: errors are what Pd reports as failures, warnings are style. Exit 0 clean, 1 errors " +
            "found, 2 unusable input.");
        command.Arguments.Add(paths);
        command.Options.Add(format);
        command.Options.Add(profile);
        command.SetAction(parse =>
        {
            // Caught here so a user mistake is one line and exit code 2 whatever the invocation's exception handling.
            try { return Run(parse.GetValue(paths) ?? [], parse.GetValue(format) ?? "text", parse.GetValue(profile) ?? "vanilla", Console.Out); }
            catch (UserInputException e)
            {
                Console.Error.WriteLine($"patchbench lint: {e.Message}");
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    /// <summary>Lints every file under <paramref name="paths"/>, writes the report, returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> paths, string format, string profile, TextWriter output)
    {
        IObjectCatalog catalog;
        try { catalog = ObjectCatalog.ForProfile(profile); }
        catch (CatalogFormatException e) { throw new UserInputException($"--profile: {e.Message}"); }

        var files = ExpandPaths(paths);
        var linter = new PdLinter(catalog, new FileSystemAbstractionResolver());
        var results = new List<LintFileJson>();
        bool anyError = false;
        foreach (var file in files)
        {
            byte[] bytes;
            try { bytes = File.ReadAllBytes(file); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new UserInputException($"cannot read {file}: {e.Message}"); }
            var diagnostics = linter.Lint(bytes, file);
            anyError |= PdLinter.HasErrors(diagnostics);
            if (format == "json") results.Add(LintReport.ToJson(file, diagnostics));
            else foreach (var line in LintReport.TextLines(file, diagnostics)) output.WriteLine(line);
        }
        if (format == "json") output.WriteLine(LintReport.Json(results));
        return anyError ? ExitCodes.Failure : ExitCodes.Ok;
    }

    /// <summary>Files as named, folders expanded to their *.pd files (recursive, sorted); a missing path is a user error.</summary>
    public static IReadOnlyList<string> ExpandPaths(IReadOnlyList<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path)) files.Add(path);
            else if (Directory.Exists(path))
                files.AddRange(Directory.EnumerateFiles(path, "*.pd", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            else throw new UserInputException($"no such file or folder: {path}");
        }
        return files;
    }
}
