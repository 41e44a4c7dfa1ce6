using System.Text;
using System.Text.Json.Nodes;
using PatchBench.Harness.Records;
using PatchBench.Harness.Runs;

namespace PatchBench.Harness.Tests;

public class RecordsTests
{
    private static SampleRecord Record(string id, int sample, double ok = 1) => new()
    {
        ItemId = id,
        SampleIndex = sample,
        Category = "cat",
        Difficulty = "1",
        Prompt = "p",
        Output = "o\n\"quoted\" ü",
        Patch = "#N canvas 0 0 10 10 12;",
        Scored = true,
        Scores = new() { ["parse_ok"] = ok },
        ScoreDetails = new() { ["parse"] = new JsonObject { ["boxes"] = 3 } },
        Tokens = new TokenCounts(12, 34),
        Timings = new SampleTimings { TimeToFirstTokenMs = 1.5, TotalMs = 20 },
    };

    [Fact]
    public void Records_round_trip_with_snake_case_fields_one_per_line()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, SamplesFile.FileName);
        using (var writer = new SamplesWriter(path))
        {
            writer.Append(Record("a", 0));
            writer.Append(Record("b", 1, 0));
        }
        var lines = File.ReadAllLines(path);
        Assert.Equal(2, lines.Length);
        var json = JsonNode.Parse(lines[0])!.AsObject();
        foreach (var field in new[] { "item_id", "sample_index", "prompt_hash", "prompt", "output", "patch", "scores", "score_details", "tokens", "timings" })
            Assert.True(json.ContainsKey(field), field);
        Assert.Equal(1.5, json["timings"]!["ttft_ms"]!.GetValue<double>());
        Assert.False(json.ContainsKey("error"));
        var read = SamplesFile.Read(path);
        Assert.Null(read.DamagedTail);
        Assert.Equal(Record("a", 0).Output, read.Records[0].Output);
        Assert.Equal(3, read.Records[0].ScoreDetails["parse"]["boxes"]!.GetValue<int>());
        Assert.Equal(0, read.Records[1].Scores["parse_ok"]);
    }

    [Fact]
    public void Truncated_last_line_is_reported_cut_and_appending_continues_cleanly()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, SamplesFile.FileName);
        using (var writer = new SamplesWriter(path))
        {
            writer.Append(Record("a", 0));
            writer.Append(Record("b", 0));
        }
        var good = File.ReadAllBytes(path);
        File.AppendAllText(path, "{\"item_id\":\"c\",\"sample_ind");   // what a kill mid-write leaves
        var read = SamplesFile.Read(path);
        Assert.Equal(2, read.Records.Count);
        Assert.Equal(3, read.DamagedTail!.Line);
        Assert.Equal(good.Length, read.GoodLength);
        SamplesFile.CutDamagedTail(path, read);
        Assert.Equal(good, File.ReadAllBytes(path));
        using (var writer = new SamplesWriter(path)) writer.Append(Record("c", 0));
        Assert.Equal(["a", "b", "c"], SamplesFile.Read(path).Records.Select(r => r.ItemId));
    }

    [Fact]
    public void Good_last_line_without_newline_is_kept_and_not_glued_to_the_next()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, SamplesFile.FileName);
        using (var writer = new SamplesWriter(path)) writer.Append(Record("a", 0));
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..^1]);   // drop the newline
        Assert.Null(SamplesFile.Read(path).DamagedTail);
        using (var writer = new SamplesWriter(path)) writer.Append(Record("b", 0));
        Assert.Equal(["a", "b"], SamplesFile.Read(path).Records.Select(r => r.ItemId));
    }

    [Fact]
    public void Corrupt_line_in_the_middle_is_an_error_naming_file_and_line()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, SamplesFile.FileName);
        using (var writer = new SamplesWriter(path))
        {
            writer.Append(Record("a", 0));
            writer.Append(Record("b", 0));
            writer.Append(Record("c", 0));
        }
        var lines = File.ReadAllLines(path);
        lines[1] = lines[1][..20] + "garbage";
        File.WriteAllLines(path, lines);
        var ex = Assert.Throws<HarnessInputException>(() => SamplesFile.Read(path));
        Assert.Contains($"{path}:2:", ex.Message);
    }

    [Fact]
    public void Latest_keeps_the_last_record_of_each_sample_in_first_seen_order()
    {
        var latest = SamplesFile.Latest([Record("a", 0, 0), Record("b", 0), Record("a", 0, 1)]);
        Assert.Equal(["a", "b"], latest.Select(r => r.ItemId));
        Assert.Equal(1, latest[0].Scores["parse_ok"]);
    }

    [Fact]
    public void Run_info_round_trips_through_run_json()
    {
        using var dir = new TempDir();
        var folder = new RunFolder(dir.Path);
        var info = new RunInfo
        {
            RunId = "x",
            Suite = new SuiteIdentity("s", "1.0.0", "h"),
            System = new SystemIdentity("reference", "sh", "reference", null, null, new SortedDictionary<string, string>()),
            Plan = new PlanIdentity(2, null, 0, null, "1/2", "ph", ["a", "b"]),
            Harness = MachineProbe.Harness(),
            Machine = MachineProbe.Describe(),
        };
        folder.WriteInfo(info);
        var text = File.ReadAllText(folder.RunFile, Encoding.UTF8);
        Assert.Contains("\"run_id\": \"x\"", text);
        Assert.Contains("\"cpu_model\"", text);
        var back = folder.ReadInfo();
        Assert.Equal(info.Plan.ItemIds, back.Plan.ItemIds);
        Assert.Equal(Environment.ProcessorCount, back.Machine.Cores);
        Assert.True(back.Machine.MemoryBytes > 0);
    }
}
