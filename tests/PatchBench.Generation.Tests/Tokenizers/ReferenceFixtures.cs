using System.Text.Json;
using PatchBench.Generation.Tokenizers;

namespace PatchBench.Generation.Tests.Tokenizers;

/// <summary>One text and the ids Hugging Face's tokenizers gave for it.</summary>
public sealed record FixtureCase(string Text, int[] Ids, int[] IdsWithSpecial);

/// <summary>A committed reference fixture: where the tokenizer came from, and the reference ids.</summary>
public sealed record ReferenceFixture(string Source, string Family, string TokenizerSha256, string Reference, FixtureCase[] Cases);

/// <summary>The tokenizers and fixtures under Tokenizers/Fixtures, each loaded once per test run.</summary>
public static class ReferenceFixtures
{
    private static readonly System.Text.Json.JsonSerializerOptions CaseInsensitive = new() { PropertyNameCaseInsensitive = true };

    public static readonly string[] Names = ["gpt2", "llama3", "llama2", "qwen3", "gpt4o"];

    private static readonly Dictionary<string, Lazy<BpeTextTokenizer>> Tokenizers =
        Names.ToDictionary(n => n, n => new Lazy<BpeTextTokenizer>(() => TokenizerJson.Load(TokenizerPath(n))));

    public static string Folder => Path.Combine(TestEnvironment.RepoRoot, "tests", "PatchBench.Generation.Tests", "Tokenizers", "Fixtures");

    public static string TokenizerPath(string name) => Path.Combine(Folder, $"{name}.tokenizer.json.gz");

    public static BpeTextTokenizer Tokenizer(string name) => Tokenizers[name].Value;

    public static ReferenceFixture Fixture(string name) =>
        JsonSerializer.Deserialize<ReferenceFixture>(File.ReadAllText(Path.Combine(Folder, $"{name}.cases.json")), CaseInsensitive)!;
}
