using System.Diagnostics;
using System.Globalization;
using PatchBench.Generation;
using PatchBench.Generation.OpenAI;

namespace PatchBench.Benchmarks;

/// <summary>
/// `openai-throughput --url http://127.0.0.1:8080/v1#model [--concurrency 1,4,16] [--requests 32] [--max-tokens 64] [--rounds 3]`:
/// what <c>openai:</c> gets out of a served model at each concurrency. Every round sends the same greedy requests at each
/// concurrency in turn (1, 4, 16, 1, 4, 16, …) so all levels see the same machine load, and reports per level the median
/// over rounds of the aggregate generated tokens/s (all completion tokens / wall time), requests/s and the median request's
/// latency.
/// </summary>
public static class OpenAiThroughputBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var target = Arg("--url", "");
        var hash = target.LastIndexOf('#');
        if (hash <= 0 || !Uri.TryCreate(target[..hash], UriKind.Absolute, out var url))
        {
            Console.Error.WriteLine("openai-throughput: --url must be URL#model, e.g. http://127.0.0.1:8080/v1#tiny-llama");
            return 2;
        }
        var levels = Arg("--concurrency", "1,4,16").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var requests = int.Parse(Arg("--requests", "32"), CultureInfo.InvariantCulture);
        var maxTokens = int.Parse(Arg("--max-tokens", "64"), CultureInfo.InvariantCulture);
        var rounds = int.Parse(Arg("--rounds", "3"), CultureInfo.InvariantCulture);
        // Distinct prompts, so a server's prompt cache cannot answer one request from another's.
        var prompts = Enumerable.Range(0, requests).Select(i => $"#N canvas 0 50 450 300 12;\n#X obj {10 + i} {20 + 3 * i} osc~ {110 * (i + 1)};\n").ToArray();
        var results = levels.ToDictionary(c => c, _ => new List<(double TokensPerSecond, double RequestsPerSecond, double MedianLatencyMs)>());
        for (var round = -1; round < rounds; round++) // round -1: warm-up, not reported
        {
            foreach (var concurrency in levels)
            {
                using var client = new OpenAiGenerator(new OpenAiOptions { BaseUrl = url, Model = target[(hash + 1)..], Concurrency = concurrency });
                var clock = Stopwatch.StartNew();
                var completions = await Task.WhenAll(prompts.Select(p =>
                    client.CompleteAsync(GenerationRequest.FromPrompt(p, DecodingSettings.Greedy(maxTokens)), null, null, CancellationToken.None)));
                var wall = clock.Elapsed.TotalSeconds;
                if (round < 0) continue;
                var tokens = completions.Sum(c => c.CompletionTokens);
                var latencies = completions.Select(c => c.Timings.TotalMs).Order().ToArray();
                var row = (tokens / wall, requests / wall, latencies[latencies.Length / 2]);
                results[concurrency].Add(row);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round + 1} concurrency {concurrency,2}: {tokens} tokens in {wall:F2} s = {row.Item1:F0} tokens/s, {row.Item2:F1} requests/s, " +
                    $"median latency {row.Item3:F0} ms, retries {client.RetriedAttempts}"));
            }
        }
        Console.WriteLine($"| concurrency | generated tokens/s (median of {rounds} rounds) | requests/s | median request latency (ms) |");
        Console.WriteLine("| --- | --- | --- | --- |");
        foreach (var c in levels)
        {
            static double Median(IEnumerable<double> xs) { var a = xs.Order().ToArray(); return a[a.Length / 2]; }
            var r = results[c];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {c} | {Median(r.Select(x => x.TokensPerSecond)):F0} | {Median(r.Select(x => x.RequestsPerSecond)):F1} | " +
                    $"{Median(r.Select(x => x.MedianLatencyMs)):F0} |"));
        }
        return 0;
    }
}
