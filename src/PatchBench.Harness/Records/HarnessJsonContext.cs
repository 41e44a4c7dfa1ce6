using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PatchBench.Harness.Compare;
using PatchBench.Harness.Runs;
using PatchBench.Harness.Statistics;

namespace PatchBench.Harness.Records;

/// <summary>Source-generated JSON for every file the harness writes (snake_case names, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(SampleRecord))]
[JsonSerializable(typeof(GenerationTimings))]
[JsonSerializable(typeof(TokenCounts))]
[JsonSerializable(typeof(RunInfo))]
[JsonSerializable(typeof(ItemRecord))]
[JsonSerializable(typeof(ComparisonReport))]
[JsonSerializable(typeof(GateReport))]
[JsonSerializable(typeof(JsonObject))]
public sealed partial class HarnessJsonContext : JsonSerializerContext
{
    /// <summary>Serializes <paramref name="value"/> indented (for run.json and reports read by people).</summary>
    public static string Indented<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
