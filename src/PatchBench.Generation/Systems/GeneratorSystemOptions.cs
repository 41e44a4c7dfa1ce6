using PatchBench.Generation.Prompts;
using PatchBench.Generation.Retrieval;
using PatchBench.Harness.Systems;

namespace PatchBench.Generation.Systems;

/// <summary>
/// The prompt and decoding options every model backend shares (<c>template</c>, <c>fewshot</c>, <c>temperature</c>, …):
/// their keys and how they become <see cref="GeneratorSystemSettings"/>. Each backend adds its own keys beside these.
/// </summary>
public static class GeneratorSystemOptions
{
    /// <summary>Prompting keys: template, system instruction, few-shot count, similarity measure, pool folder, seed, perplexity mode.</summary>
    public static readonly IReadOnlyList<string> PromptKeys = ["template", "system", "fewshot", "measure", "pool", "seed", "perplexity"];

    /// <summary>Decoding keys.</summary>
    public static readonly IReadOnlyList<string> DecodingKeys = ["temperature", "top_k", "top_p", "min_p", "repeat_penalty", "max_tokens", "stop"];

    /// <summary>The shared keys plus a backend's own.</summary>
    public static IReadOnlyList<string> With(params string[] backendKeys) => [.. PromptKeys, .. DecodingKeys, .. backendKeys];

    /// <summary>Reads the shared options; <paramref name="defaultFormat"/> applies when no template is given.</summary>
    public static GeneratorSystemSettings Settings(SpecOptions o, PromptFormat defaultFormat)
    {
        PromptFormat format;
        try
        {
            format = o.Text("template") is { } t ? PromptBuilder.ParseFormat(t) : defaultFormat;
        }
        catch (ArgumentException e)
        {
            throw o.Error(e.Message);
        }
        var system = o.Text("system") switch
        {
            null or "default" => PromptBuilder.DefaultSystem,
            "none" => null,
            var text => text,
        };
        var decoding = new DecodingSettings
        {
            Temperature = (float)o.Number("temperature", 0, 0, 100),
            TopK = o.Int("top_k", 0, 0),
            TopP = (float)o.Number("top_p", 1, 0.000001, 1),
            MinP = (float)o.Number("min_p", 0, 0, 1),
            RepeatPenalty = (float)o.Number("repeat_penalty", 1, 0.000001),
            MaxTokens = o.Int("max_tokens", 512, 1),
            Stop = o.Text("stop") is { } stop ? stop.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(Unescape).ToArray() : [],
        };
        return new GeneratorSystemSettings(format, system, o.Int("fewshot", 0, 0, 64), Measure(o), decoding, o.Int("seed", 0), o.Bool("perplexity", true));
    }

    /// <summary>The similarity measure option (<c>measure=jaccard|bm25</c>).</summary>
    public static SimilarityMeasure Measure(SpecOptions o) =>
        o.Choice("measure", "jaccard", "jaccard", "bm25") == "bm25" ? SimilarityMeasure.Bm25 : SimilarityMeasure.Jaccard;

    // Stop strings come from a one-line spec: \n and \t spell newline and tab.
    private static string Unescape(string s) => s.Replace("\\n", "\n").Replace("\\t", "\t");
}
