using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PatchBench.Cli.Harness;
using PatchBench.Generation.LlamaCpp;
using PatchBench.Generation.OpenAI;
using PatchBench.Harness.Records;
using PatchBench.Harness.Runs;
using PatchBench.Harness.Systems;

namespace PatchBench.Cli.Commands;

/// <summary><c>patchbench generate --system SPEC --prompt "…"</c>: one prompt through one system, for a quick try.</summary>
public static class GenerateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var system = new Option<string>("--system") { Description =
            "System spec, e.g. llamacpp:models/x.gguf,temperature=0.2 or openai:http://127.0.0.1:8080/v1#model", Required = true };
        var prompt = new Option<string>("--prompt") { Description = "The request, e.g. \"Create a patch that plays a 440 Hz sine\"", Required = true };
        var format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var sample = new Option<int>("--sample") { Description = "Sample index (the seed is seed + index)", DefaultValueFactory = _ => 0 };
        var command = new Command("generate", "Generate one patch for a prompt and print it with token counts and timings");
        foreach (var o in new Option[] { system, prompt, format, sample }) command.Options.Add(o);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var item = new BenchItem("prompt", parse.GetValue(prompt)!, "", "", "");
            var suite = new BenchSuite("generate", "0.0.0", "", [item]);
            var created = RunCommand.Guard(() => HarnessSetup.Systems().Create(SystemSpec.Parse(parse.GetValue(system)!), HarnessSetup.Context(suite)));
            try
            {
                SystemOutput output;
                try
                {
                    output = await created.GenerateAsync(item, parse.GetValue(sample), cancellationToken);
                }
                catch (Exception e) when (e is OpenAiException or LlamaCppException or ArgumentException or InvalidOperationException)
                {
                    Console.Error.WriteLine($"patchbench: {e.Message}");
                    return ExitCodes.Failure;
                }
                if (parse.GetValue(format) == "json") Console.Out.WriteLine(Json(created.Spec, item.Prompt, output)
                    .ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                else WriteText(Console.Out, output);
                return ExitCodes.Ok;
            }
            finally
            {
                (created as IDisposable)?.Dispose();
            }
        });
        return command;
    }

    /// <summary>
    /// The JSON form: system, prompt, output, patch, extraction, finish reason, tokens and timings. Tokens and timings are
    /// the records <c>samples.jsonl</c> holds, written by the same serializer, so the two never disagree on a field;
    /// <c>total_ms</c> (this command's older name for <c>generation_ms</c>) stays for the scripts that read it.
    /// </summary>
    public static JsonObject Json(SystemSpec spec, string request, SystemOutput o) => new()
    {
        ["system"] = spec.Canonical,
        ["request"] = request,
        ["prompt"] = o.Prompt ?? request,
        ["output"] = o.Text,
        ["patch"] = o.Patch ?? o.Text,
        ["extraction"] = o.Extraction,
        ["finish_reason"] = o.FinishReason,
        ["tokens"] = o.Tokens is { } t ? JsonSerializer.SerializeToNode(t, HarnessJsonContext.Default.TokenCounts) : null,
        ["timings"] = o.Timings is { } g ? Timings(g) : null,
        ["reference_perplexity"] = o.ReferenceLogLikelihood?.Perplexity,
    };

    private static JsonObject Timings(GenerationTimings timings)
    {
        var json = JsonSerializer.SerializeToNode(timings, HarnessJsonContext.Default.GenerationTimings)!.AsObject();
        json["total_ms"] = timings.TotalMs;
        return json;
    }

    private static void WriteText(TextWriter w, SystemOutput o)
    {
        var patch = o.Patch ?? o.Text;
        w.WriteLine(patch.Length == 0 ? "(no patch found in the output)" : patch.TrimEnd());
        w.WriteLine();
        if (o.Extraction is { } x) w.WriteLine($"extraction:  {x}");
        if (o.FinishReason is { } f) w.WriteLine($"finish:      {f}");
        if (o.Tokens is { } t) w.WriteLine($"tokens:      {t.Prompt} prompt, {t.Completion} generated");
        if (o.Timings is { } g)
        {
            string N(double? v, string unit) => v is { } d ? d.ToString("0.0", CultureInfo.InvariantCulture) + unit : "n/a";
            w.WriteLine($"timings:     first token {N(g.TimeToFirstTokenMs, " ms")}, prompt {N(g.PromptTokensPerSecond, " tok/s")}, generation " +
                $"{N(g.GenerationTokensPerSecond, " tok/s")}, total {N(g.TotalMs, " ms")}");
        }
    }
}
