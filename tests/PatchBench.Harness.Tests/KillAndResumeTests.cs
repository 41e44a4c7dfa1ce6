using System.Text.Json.Nodes;
using PatchBench.Harness.Records;

namespace PatchBench.Harness.Tests;

[Trait("Category", "Integration")] // patchbench processes scoring in real Pd
public class KillAndResumeTests
{
    [Fact]
    public async Task Sigkill_mid_run_then_rerun_redoes_only_unfinished_samples_and_matches_an_uninterrupted_run()
    {
        using var dir = new TempDir();
        var suite = TestSuites.OnDisk(dir.Path, 40);
        const int total = 80;
        string[] Args(string outDir) => ["run", "--suite", suite, "--system", "reference,delay_ms=20", "--samples", "2", "--out", outDir,
            "--scoring-concurrency", "1"];

        // 1. Start the run and SIGKILL it once some samples are on disk.
        var interrupted = Path.Combine(dir.Path, "interrupted");
        using (var process = CliProcess.Start(dir.Path, Args(interrupted)))
        {
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            string? samples = null;
            while (!process.HasExited)
            {
                samples ??= Directory.Exists(interrupted) ? Directory.GetFiles(interrupted, SamplesFile.FileName, SearchOption.AllDirectories).FirstOrDefault()
                    : null;
                if (samples is not null && WrittenFile.CountLines(samples) >= 15) break;
                await Task.Delay(10);
            }
            Assert.False(process.HasExited, "the run finished before it could be killed");
            process.Kill(); // SIGKILL on Linux: no chance to clean up
            await process.WaitForExitAsync();
        }
        var samplesPath = Directory.GetFiles(interrupted, SamplesFile.FileName, SearchOption.AllDirectories).Single();
        var runDir = Path.GetDirectoryName(samplesPath)!;
        var afterKill = SamplesFile.Read(samplesPath);
        var done = afterKill.Records.Count;
        Assert.InRange(done, 15, total - 1);
        // 2. A torn write: the start of the next record without its end (what a kill inside write() leaves).
        var good = File.ReadAllBytes(samplesPath)[..(int)afterKill.GoodLength];
        File.WriteAllBytes(samplesPath, [.. good, .. "{\"item_id\":\"item-040\",\"sample_index\":1,\"outp"u8.ToArray()]);
        Assert.Equal("running", JsonNode.Parse(File.ReadAllText(Path.Combine(runDir, "run.json")))!["status"]!.GetValue<string>());

        // 3. The same command again: resumes in the same folder.
        var (code, stdout, stderr) = await CliProcess.RunAsync(dir.Path, Args(interrupted));
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains($"damaged last line", stdout);
        Assert.Contains($"resuming: {done} samples already done, {total - done} to do", stdout);
        var final = File.ReadAllBytes(samplesPath);
        Assert.Equal(good, final[..good.Length]);                    // finished samples untouched
        var records = SamplesFile.Read(samplesPath);
        Assert.Null(records.DamagedTail);
        Assert.Equal(total, records.Records.Count);                  // nothing done twice, nothing lost
        Assert.Equal(total, records.Records.Select(r => (r.ItemId, r.SampleIndex)).Distinct().Count());

        // 4. An uninterrupted run of the same command elsewhere gives the same numbers.
        var clean = Path.Combine(dir.Path, "clean");
        var (cleanCode, cleanOut, cleanErr) = await CliProcess.RunAsync(dir.Path, Args(clean));
        Assert.True(cleanCode == 0, cleanOut + cleanErr);
        var cleanRunDir = Directory.GetDirectories(clean).Single();
        Assert.Equal(Path.GetFileName(runDir), Path.GetFileName(cleanRunDir));
        var resumed = JsonNode.Parse(File.ReadAllText(Path.Combine(runDir, "run.json")))!["aggregates"]!;
        var uninterrupted = JsonNode.Parse(File.ReadAllText(Path.Combine(cleanRunDir, "run.json")))!["aggregates"]!;
        Assert.Equal(total, resumed["samples"]!.GetValue<int>());
        foreach (var part in new[] { "overall", "by_category", "by_difficulty" })
            Assert.Equal(uninterrupted[part]!.ToJsonString(), resumed[part]!.ToJsonString());
    }
}
