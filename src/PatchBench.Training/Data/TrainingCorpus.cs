using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PatchBench.Generation.Prompts;
using PatchBench.Harness.Suites;

namespace PatchBench.Training.Data;

/// <summary>One training document.</summary>
/// <param name="Source">Where it came from (item file or patch path), for the contamination report.</param>
/// <param name="Prompt">The request (few-shot items), or "" for a plain patch.</param>
/// <param name="Patch">The patch text.</param>
/// <param name="Text">What the model is trained on: the rendered prompt followed by the patch.</param>
/// <param name="Variant">A number variant of a few-shot item (<see cref="NumberVariants"/>), entered once per epoch, not repeated.</param>
public sealed record TrainingDocument(string Source, string Prompt, string Patch, string Text, bool Variant = false)
{
    /// <summary>How many times the document enters an epoch: few-shot items <paramref name="promptRepeats"/> times, everything else once.</summary>
    public int Repeats(int promptRepeats) => Prompt.Length > 0 && !Variant ? promptRepeats : 1;
}

/// <summary>The exact training set and the prompt format it was rendered in.</summary>
/// <param name="Documents">Every document, in a fixed order (few-shot items by id, then patches by path).</param>
/// <param name="Format">The harness template the few-shot items were rendered in.</param>
/// <param name="PromptRepeats">How many times each few-shot document enters an epoch (they are few and on-task).</param>
public sealed record TrainingCorpus(IReadOnlyList<TrainingDocument> Documents, PromptFormat Format, int PromptRepeats)
{
    /// <summary>
    /// The system spec options that make the harness render prompts exactly as in training: the raw template without
    /// the system instruction (whose ~190 byte tokens would fill a 512-token context) and no few-shot examples.
    /// </summary>
    public const string SpecOptions = "template=raw,system=none,fewshot=0";

    /// <summary>
    /// Builds the corpus: every item of the few-shot suite in the harness's template, then up to
    /// <paramref name="numberVariants"/> number variants of each (<see cref="NumberVariants"/>), then the Pd files under
    /// <paramref name="patchFolders"/> of at most <paramref name="maxPatchBytes"/> bytes (0 = any size).
    /// </summary>
    public static TrainingCorpus Build(Suite fewShot, IEnumerable<string> patchFolders, int promptRepeats, int numberVariants = 0, int maxPatchBytes = 0)
    {
        var docs = new List<TrainingDocument>();
        var items = fewShot.Items.OrderBy(i => i.Id, StringComparer.Ordinal).ToArray();
        foreach (var item in items)
        {
            var patch = item.ReferenceText.TrimEnd() + "\n";
            docs.Add(new TrainingDocument(item.ItemPath, item.Prompt, patch, RenderPrompt(item.Prompt) + patch));
        }
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            var variants = NumberVariants.Of(item.Prompt, item.ReferenceText.TrimEnd() + "\n", numberVariants, seed: 7919 * (i + 1));
            for (var k = 0; k < variants.Count; k++)
            {
                var (prompt, patch) = variants[k];
                docs.Add(new TrainingDocument($"{item.ItemPath}#variant-{k + 1}", prompt, patch, RenderPrompt(prompt) + patch, Variant: true));
            }
        }
        foreach (var folder in patchFolders)
        {
            if (!Directory.Exists(folder)) throw new DirectoryNotFoundException(
                $"{folder}: no such folder of training patches (Debian's puredata-doc installs /usr/share/puredata/doc)");
            foreach (var path in Directory.EnumerateFiles(folder, "*.pd", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                // 6.externs/test-*.pd need example externals that are not built: they fail in Pd, so they would teach broken patches.
                if (Path.GetFileName(path).StartsWith("test-", StringComparison.Ordinal) && path.Contains("6.externs", StringComparison.Ordinal)) continue;
                // Long help patches are mostly decoration ([cnv], comments): a model trained on them writes that, not what is asked.
                if (maxPatchBytes > 0 && new FileInfo(path).Length > maxPatchBytes) continue;
                var text = File.ReadAllText(path).Replace("\r\n", "\n");
                docs.Add(new TrainingDocument(path, "", text, text));
            }
        }
        return new TrainingCorpus(docs, PromptFormat.Raw, promptRepeats);
    }

    /// <summary>The prompt text the harness gives a model for <paramref name="request"/> under <see cref="SpecOptions"/>.</summary>
    public static string RenderPrompt(string request) => PromptBuilder.Build(PromptFormat.Raw, request, [], system: null).Text!;

    /// <summary>Token ids of one document: BOS, the text as llama.cpp tokenizes it, EOS (where the model learns to stop).</summary>
    public static int[] Tokens(TrainingDocument doc) => [ByteVocabulary.Bos, .. ByteVocabulary.Encode(doc.Text), ByteVocabulary.Eos];

    /// <summary>The training set as JSON lines ({instruction, output}), the form <c>suite contamination --train</c> reads.</summary>
    public string ToJsonLines()
    {
        var sb = new StringBuilder();
        foreach (var d in Documents)
            sb.Append(JsonSerializer.Serialize(new Dictionary<string, string> { ["instruction"] = d.Prompt, ["output"] = d.Patch, ["source"] = d.Source }))
                .Append('\n');
        return sb.ToString();
    }

    /// <summary>SHA-256 of the exact training text and its order (part of the checkpoint cache key).</summary>
    public string Hash()
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{Format}\n{PromptRepeats}\n"));
        foreach (var d in Documents) sha.AppendData(Encoding.UTF8.GetBytes($"{d.Text.Length}\n{d.Variant}\n{d.Text}"));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
