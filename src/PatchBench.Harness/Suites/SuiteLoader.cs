using System.Text;
using System.Text.RegularExpressions;
using PatchBench.Pd;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PatchBench.Harness.Suites;

/// <summary>
/// Loads a suite folder (<c>suite.yaml</c> + <c>items/&lt;id&gt;.yaml</c> + <c>items/&lt;id&gt;.pd</c>),
/// validates everything and reports every problem with its file and line, then computes the content hash.
/// </summary>
public static partial class SuiteLoader
{
    /// <summary>The manifest's file name.</summary>
    public const string ManifestFile = "suite.yaml";

    /// <summary>The folder holding item files and references.</summary>
    public const string ItemsFolder = "items";

    /// <summary>Object profiles a manifest may name.</summary>
    public static readonly IReadOnlyList<string> Profiles = ["vanilla"];

    [GeneratedRegex(@"^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();

    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemVer();

    /// <summary>Loads and validates the suite in <paramref name="directory"/>. Never throws for bad content.</summary>
    public static SuiteLoadResult Load(string directory)
    {
        var problems = new List<SuiteProblem>();
        var manifestPath = Path.Combine(directory, ManifestFile);
        if (!Directory.Exists(directory))
            return new SuiteLoadResult(null, [new SuiteProblem(directory, 0, 0, "no such suite folder")]);
        if (!File.Exists(manifestPath))
            return new SuiteLoadResult(null, [new SuiteProblem(manifestPath, 0, 0, $"a suite folder needs a {ManifestFile} manifest")]);

        var manifestBytes = File.ReadAllBytes(manifestPath);
        var manifest = ReadManifest(manifestPath, manifestBytes, problems);

        var itemsDir = Path.Combine(directory, ItemsFolder);
        var items = new List<SuiteItem>();
        var hashParts = new List<(string, SuiteContentHash.Part, SuiteContentHash.Part)>();
        if (!Directory.Exists(itemsDir))
        {
            problems.Add(new SuiteProblem(itemsDir, 0, 0, $"a suite folder needs an '{ItemsFolder}' folder with one <id>.yaml per item"));
        }
        else
        {
            var itemFiles = Directory.GetFiles(itemsDir, "*.yaml").Order(StringComparer.Ordinal).ToList();
            if (itemFiles.Count == 0) problems.Add(new SuiteProblem(itemsDir, 0, 0, "the suite has no items (items/<id>.yaml)"));
            var referenced = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in itemFiles)
            {
                var bytes = File.ReadAllBytes(file);
                var item = ReadItem(file, bytes, problems);
                if (item is null) continue;
                referenced.Add(item.ReferenceFile);
                items.Add(item);
                hashParts.Add((item.Id,
                    new SuiteContentHash.Part($"{ItemsFolder}/{Path.GetFileName(file)}", bytes),
                    new SuiteContentHash.Part($"{ItemsFolder}/{item.ReferenceFile}", File.ReadAllBytes(Path.Combine(itemsDir, item.ReferenceFile)))));
            }
            foreach (var pd in Directory.GetFiles(itemsDir, "*.pd").Order(StringComparer.Ordinal))
                if (!referenced.Contains(Path.GetFileName(pd)) && !itemFiles.Contains(Path.ChangeExtension(pd, ".yaml")))
                    problems.Add(new SuiteProblem(pd, 0, 0, "no item refers to this patch; remove it or add its item file"));
            foreach (var other in Directory.GetFiles(itemsDir)
                .Where(f => !f.EndsWith(".yaml", StringComparison.Ordinal) && !f.EndsWith(".pd", StringComparison.Ordinal)))
                problems.Add(new SuiteProblem(other, 0, 0, "unexpected file: the items folder holds only <id>.yaml item files and their .pd references"));
        }

        foreach (var group in items.GroupBy(i => NormalizePrompt(i.Prompt)).Where(g => g.Count() > 1))
            foreach (var dup in group.Skip(1))
                problems.Add(new SuiteProblem(dup.ItemPath, 2, 1, $"same prompt as item '{group.First().Id}'; prompts must be unique"));

        if (problems.Count > 0 || manifest is null)
            return new SuiteLoadResult(null, problems);
        var hash = SuiteContentHash.Compute(SuiteContentHash.CanonicalParts(new SuiteContentHash.Part(ManifestFile, manifestBytes), hashParts));
        return new SuiteLoadResult(new Suite(directory, manifest, [.. items.OrderBy(i => i.Id, StringComparer.Ordinal)], hash), problems);
    }

    /// <summary>Prompts are compared case- and spacing-insensitively for the uniqueness rule.</summary>
    public static string NormalizePrompt(string prompt) =>
        string.Join(' ', prompt.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    static YamlNode? ReadYaml(string file, byte[] bytes, List<SuiteProblem> problems)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            problems.Add(new SuiteProblem(file, 0, 0, "file is not valid UTF-8"));
            return null;
        }
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            problems.Add(new SuiteProblem(file, (int)e.Start.Line, (int)e.Start.Column, "YAML syntax error: " + CleanYamlMessage(e)));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up this way on an unclosed [ or { at the end of the file.
            var at = parser.Current?.Start ?? Mark.Empty;
            problems.Add(new SuiteProblem(file, (int)at.Line, (int)at.Column, "YAML syntax error: a '[' or '{' opened here is never closed"));
            return null;
        }
        if (stream.Documents.Count != 1)
        {
            problems.Add(new SuiteProblem(file, 0, 0, $"expected exactly one YAML document, found {stream.Documents.Count}"));
            return null;
        }
        return stream.Documents[0].RootNode;
    }

    static string CleanYamlMessage(YamlException e)
    {
        // YamlDotNet prefixes messages with "(Line: x, Col: y, Idx: z) - (…): "; the location is reported separately.
        var m = (e.InnerException as YamlException ?? e).Message;
        var i = m.LastIndexOf("): ", StringComparison.Ordinal);
        return i >= 0 ? m[(i + 3)..] : m;
    }

    static SuiteManifest? ReadManifest(string file, byte[] bytes, List<SuiteProblem> problems)
    {
        var root = ReadYaml(file, bytes, problems);
        if (root is null) return null;
        var m = YamlMapping.Of(root, file, problems, "the suite manifest");
        if (m is null) return null;
        int before = problems.Count;
        var name = m.String("name", "the suite's kebab-case name");
        if (name is not null && !KebabCase().IsMatch(name)) m.Problem(m.Get("name")!, $"'name' must be kebab-case (a-z, 0-9, single hyphens), found '{name}'");
        var version = m.String("version", "a semantic version such as 1.0.0");
        if (version is not null && !SemVer().IsMatch(version)) m.Problem(m.Get("version")!,
            $"'version' must be a semantic version MAJOR.MINOR.PATCH, found '{version}'");
        var description = m.String("description", "what the suite is for");
        var license = m.String("license", "the items' license, e.g. CC-BY-4.0");
        var profile = m.String("profile", "the object profile, e.g. vanilla");
        if (profile is not null && !Profiles.Contains(profile)) m.Problem(m.Get("profile")!, $"'profile' must be one of: {string.Join(", ", Profiles)}");
        if (m.Get("hash") is { } h) m.Problem(h, "the content hash is computed by the loader; remove 'hash' from the manifest");
        m.RejectUnknownKeys(["name", "version", "description", "license", "profile", "hash"], "the manifest"); // hash: reported above
        return problems.Count > before ? null : new SuiteManifest(name!, version!, description!, license!, profile!);
    }

    static SuiteItem? ReadItem(string file, byte[] bytes, List<SuiteProblem> problems)
    {
        var root = ReadYaml(file, bytes, problems);
        if (root is null) return null;
        var m = YamlMapping.Of(root, file, problems, "an item");
        if (m is null) return null;
        int before = problems.Count;
        var expectedId = Path.GetFileNameWithoutExtension(file);

        var id = m.String("id", "the item's kebab-case id, equal to the file name");
        if (id is not null && !KebabCase().IsMatch(id)) m.Problem(m.Get("id")!, $"'id' must be kebab-case (a-z, 0-9, single hyphens), found '{id}'");
        else if (id is not null && id != expectedId) m.Problem(m.Get("id")!, $"'id' is '{id}' but the file is {expectedId}.yaml; they must match");

        var prompt = m.String("prompt", "the request given to the system under test");
        var category = m.String("category", "one of the categories in docs/suites.md");
        if (category is not null && !SuiteCategories.All.Contains(category))
            m.Problem(m.Get("category")!, $"unknown category '{category}'; expected one of: {string.Join(", ", SuiteCategories.All)}");

        int difficulty = 0;
        if (m.Required("difficulty", "a whole number from 1 to 5") is { } d && (!YamlMapping.TryInteger(d, out difficulty) || difficulty is < 1 or > 5))
            m.Problem(d, $"'difficulty' must be a whole number from 1 to 5, found {YamlMapping.Describe(d)}");

        var requires = new List<string>();
        if (m.Get("requires") is { } r)
        {
            if (r is YamlSequenceNode seq && seq.Children.All(c => c is YamlScalarNode { Value: not null and not "" }))
                requires.AddRange(seq.Children.Select(c => ((YamlScalarNode)c).Value!));
            else m.Problem(r, "'requires' must be a list of library names, e.g. [Gem]");
        }
        var source = m.String("source", "where the prompt comes from", required: false);

        string? referenceText = null;
        Pd.Model.PdPatch? reference = null;
        var refName = m.String("reference", "the reference patch's file name, <id>.pd");
        if (refName is not null)
        {
            var refNode = m.Get("reference")!;
            if (refName.Contains('/') || refName.Contains('\\') || !refName.EndsWith(".pd", StringComparison.Ordinal))
                m.Problem(refNode, $"'reference' must be a .pd file name next to the item file, found '{refName}'");
            else
            {
                var refPath = Path.Combine(Path.GetDirectoryName(file)!, refName);
                if (!File.Exists(refPath)) m.Problem(refNode, $"reference file '{refName}' does not exist");
                else
                {
                    var refBytes = File.ReadAllBytes(refPath);
                    referenceText = Encoding.UTF8.GetString(refBytes);
                    reference = PdParser.Parse(refBytes);
                    foreach (var diag in reference.Diagnostics.Where(x => x.Severity == PdSeverity.Error))
                        problems.Add(new SuiteProblem(refPath, diag.Line, diag.Column, $"{diag.Code}: {diag.Message}"));
                    if (reference.Root.Boxes.Count == 0) problems.Add(new SuiteProblem(refPath, 0, 0, "the reference patch has no boxes"));
                }
            }
        }

        List<FunctionalCheck> checks = [];
        var checksNode = m.Required("checks", "a list of functional checks ([] only for items with 'requires')");
        if (checksNode is not null)
        {
            checks = CheckParser.Parse(checksNode, file, problems);
            if (checksNode is YamlSequenceNode { Children.Count: 0 } && requires.Count == 0)
                m.Problem(checksNode, "an item needs at least one check; only items with 'requires' may have none (they are load-checked only)");
        }
        m.RejectUnknownKeys(["id", "prompt", "category", "difficulty", "reference", "requires", "source", "checks"], "an item");
        if (problems.Count > before) return null;
        return new SuiteItem(id!, prompt!, category!, difficulty, refName!, referenceText!, reference!, requires, source, checks, file);
    }
}
