#:project ../../src/PatchBench.Generation/PatchBench.Generation.csproj
#:property TreatWarningsAsErrors=false
#:property PublishAot=false
// Measures TokenizerJson encode speed on the suites/core .pd corpus (authoring tool, not run by CI):
//   dotnet run scripts/tokenizers/encode-speed.cs -- <repo root>
using System.Diagnostics;
using System.Text;
using PatchBench.Generation.Tokenizers;

var repo = args.Length > 0 ? args[0] : ".";
var files = Directory.GetFiles(Path.Combine(repo, "suites", "core", "items"), "*.pd").Order().Select(File.ReadAllText).ToArray();
var bytes = files.Sum(f => Encoding.UTF8.GetByteCount(f));
Console.WriteLine($"corpus: {files.Length} files, {bytes} bytes");
// Baseline for a loaded machine: the Llama 3 split regex alone, which every byte-level encode must run.
var llama3Split = new System.Text.RegularExpressions.Regex(@"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+",
    System.Text.RegularExpressions.RegexOptions.Compiled | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
for (var round = 0; round < 2; round++)
{
    var regex = Stopwatch.StartNew();
    long matches = 0;
    for (var p = 0; p < 20; p++) foreach (var f in files) foreach (var m in llama3Split.EnumerateMatches(f)) matches++;
    if (round == 1) Console.WriteLine($"baseline: the Llama 3 split regex alone {bytes * 20.0 / 1e6 / regex.Elapsed.TotalSeconds:F1} MB/s");
}
foreach (var name in new[] { "gpt2", "llama3", "qwen3", "gpt4o", "llama2" })
{
    var path = Path.Combine(repo, "tests", "PatchBench.Generation.Tests", "Tokenizers", "Fixtures", $"{name}.tokenizer.json.gz");
    var load = Stopwatch.StartNew();
    var tokenizer = TokenizerJson.Load(path);
    load.Stop();
    // Cold: the first pass fills the per-word cache; warm: later passes hit it (prompts repeat words).
    var cold = Stopwatch.StartNew();
    long tokens = 0;
    foreach (var f in files) tokens += tokenizer.Encode(f, false).Count;
    cold.Stop();
    const int passes = 20;
    var warm = Stopwatch.StartNew();
    for (var p = 0; p < passes; p++) foreach (var f in files) tokenizer.Encode(f, false);
    warm.Stop();
    Console.WriteLine($"{name}: load {load.Elapsed.TotalMilliseconds:F0} ms, {tokens} tokens, " +
        $"first pass {bytes / 1e6 / cold.Elapsed.TotalSeconds:F1} MB/s, warm {bytes * (double)passes / 1e6 / warm.Elapsed.TotalSeconds:F1} MB/s");
}
