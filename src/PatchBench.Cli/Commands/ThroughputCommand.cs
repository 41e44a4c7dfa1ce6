using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PatchBench.Generation.Gguf;
using PatchBench.Generation.LlamaCpp;

namespace PatchBench.Cli.Commands;

/// <summary>
/// <c>patchbench throughput --model M.gguf</c>: a llama-bench-style profile of the in-process
/// llama.cpp backend: prompt processing (pp) and generation (tg) tokens/s, mean ± sd over
/// repetitions, comparable with <c>llama-bench -m M.gguf -p N -n M -t T -r R</c>.
/// </summary>
public static class ThroughputCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var model = new Option<string>("--model", "-m") { Description = "GGUF model file", Required = true };
        var prompt = new Option<int>("--prompt-tokens", "-p") { Description = "prompt tokens per pp test (0 = skip)", DefaultValueFactory = _ => 512 };
        var gen = new Option<int>("--gen-tokens", "-n") { Description = "generated tokens per tg test (0 = skip)", DefaultValueFactory = _ => 128 };
        var reps = new Option<int>("--repetitions", "-r") { Description = "repetitions after one warm-up", DefaultValueFactory = _ => 5 };
        var threads = new Option<int>("--threads", "-t") { Description = "threads (0 = physical cores)", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { Description = "cpu or cuda", DefaultValueFactory = _ => "cpu" };
        var gpuLayers = new Option<int>("--gpu-layers") { Description = "layers to offload with --device cuda (-1 = all)", DefaultValueFactory = _ => -1 };
        var format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        var command = new Command("throughput", "llama-bench-style pp/tg tokens/s of a GGUF model through the in-process llama.cpp backend")
        {
            Options = { model, prompt, gen, reps, threads, device, gpuLayers, format },
        };
        command.SetAction(parse =>
        {
            // System.CommandLine's default handler would turn a user mistake into a stack trace and exit code 1.
            try
            {
                return Run(parse);
            }
            catch (UserInputException e)
            {
                Console.Error.WriteLine($"patchbench: {e.Message}");
                return ExitCodes.Usage;
            }
        });
        return command;

        int Run(ParseResult parse)
        {
            var path = parse.GetValue(model)!;
            var deviceName = parse.GetValue(device) ?? "cpu";
            if (deviceName is not ("cpu" or "cuda")) throw new UserInputException($"--device must be cpu or cuda, got '{deviceName}'");
            var formatName = parse.GetValue(format) ?? "text";
            if (formatName is not ("text" or "json")) throw new UserInputException($"--format must be text or json, got '{formatName}'");
            int p = parse.GetValue(prompt), n = parse.GetValue(gen), r = parse.GetValue(reps);
            if (p < 0 || n < 0 || r < 1) throw new UserInputException("--prompt-tokens and --gen-tokens must be >= 0 and --repetitions >= 1");
            var options = new LlamaCppOptions
            {
                Device = deviceName == "cuda" ? LlamaDevice.Cuda : LlamaDevice.Cpu,
                GpuLayers = parse.GetValue(gpuLayers),
                Threads = parse.GetValue(threads),
                BatchSize = 2048,
                MicroBatchSize = 512,
            };
            LlamaModel loaded;
            try
            {
                loaded = LlamaModel.Load(path, options);
            }
            catch (Exception e) when (e is FileNotFoundException or GgufFormatException or LlamaCppException or LlamaNativeLibraryException)
            {
                throw new UserInputException(e.Message);
            }
            using var _ = loaded;
            var results = new List<ThroughputResult>();
            // As llama-bench: a context sized for each test.
            if (p > 0)
            {
                using var g = new LlamaCppGenerator(loaded, options with { ContextSize = p });
                results.Add(LlamaThroughput.PromptProcessing(g, p, r));
            }
            if (n > 0)
            {
                using var g = new LlamaCppGenerator(loaded, options with { ContextSize = n });
                results.Add(LlamaThroughput.Generation(g, n, r));
            }
            var threadCount = options.EffectiveThreads;
            if (formatName == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    model = path,
                    description = loaded.Description,
                    parameters = loaded.ParameterCount,
                    size_bytes = loaded.SizeBytes,
                    device = deviceName,
                    threads = threadCount,
                    tests = results.Select(t => new { test = t.Test, tokens = t.Tokens, mean_tps = t.Mean, sd_tps = t.StandardDeviation, samples_tps = t.Samples }),
                }, new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                Console.WriteLine("| model | size | params | device | threads | test | t/s |");
                Console.WriteLine("| --- | ---: | ---: | --- | ---: | ---: | ---: |");
                foreach (var t in results)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {loaded.Description} | {loaded.SizeBytes / 1048576.0:F2} MiB | {loaded.ParameterCount / 1e6:F2} M | {deviceName} | {threadCount} | {t.Test} | {t.Mean:F2} ± {t.StandardDeviation:F2} |"));
                }
            }
            return ExitCodes.Ok;
        }
    }
}
