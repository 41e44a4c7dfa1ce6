using System.Text.Json;
using PatchBench.Harness.Records;

namespace PatchBench.Harness.Runs;

/// <summary>A run folder on disk: <c>run.json</c> and <c>samples.jsonl</c>.</summary>
public sealed class RunFolder(string directory)
{
    /// <summary>The run.json file name.</summary>
    public const string RunFileName = "run.json";

    /// <summary>The folder.</summary>
    public string Directory { get; } = directory;

    /// <summary>Path of run.json.</summary>
    public string RunFile => Path.Combine(Directory, RunFileName);

    /// <summary>Path of samples.jsonl.</summary>
    public string SamplesPath => Path.Combine(Directory, SamplesFile.FileName);

    /// <summary>Path of items.jsonl (the run's items: prompts and references).</summary>
    public string ItemsPath => Path.Combine(Directory, ItemsFileName);

    /// <summary>The items.jsonl file name.</summary>
    public const string ItemsFileName = "items.jsonl";

    /// <summary>True when run.json exists.</summary>
    public bool Exists => File.Exists(RunFile);

    /// <summary>Reads run.json; a missing or unreadable file is a <see cref="HarnessInputException"/>.</summary>
    public RunInfo ReadInfo()
    {
        if (!File.Exists(RunFile)) throw new HarnessInputException($"{Directory}: not a run folder (no {RunFileName})");
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(RunFile), HarnessJsonContext.Default.RunInfo)
                ?? throw new HarnessInputException($"{RunFile}: empty");
        }
        catch (JsonException ex)
        {
            throw new HarnessInputException($"{RunFile}:{(ex.LineNumber ?? 0) + 1}: not a valid run.json ({ex.Message.Split('\n')[0]})");
        }
    }

    /// <summary>Writes run.json atomically (temporary file, then rename), so a kill never leaves half of it.</summary>
    public void WriteInfo(RunInfo info)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var temp = RunFile + ".tmp";
        File.WriteAllText(temp, HarnessJsonContext.Indented(info, HarnessJsonContext.Default.RunInfo));
        File.Move(temp, RunFile, overwrite: true);
    }

    /// <summary>Writes items.jsonl atomically, one <see cref="ItemRecord"/> per line in the given order.</summary>
    public void WriteItems(IEnumerable<ItemRecord> items)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var temp = ItemsPath + ".tmp";
        File.WriteAllLines(temp, items.Select(i => JsonSerializer.Serialize(i, HarnessJsonContext.Default.ItemRecord)));
        File.Move(temp, ItemsPath, overwrite: true);
    }

    /// <summary>Reads items.jsonl; empty when the run predates it. A damaged line is a <see cref="HarnessInputException"/>.</summary>
    public IReadOnlyList<ItemRecord> ReadItems()
    {
        if (!File.Exists(ItemsPath)) return [];
        var items = new List<ItemRecord>();
        var number = 0;
        foreach (var line in File.ReadLines(ItemsPath))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                items.Add(JsonSerializer.Deserialize(line, HarnessJsonContext.Default.ItemRecord)
                    ?? throw new HarnessInputException($"{ItemsPath}:{number}: expected an item object, got null"));
            }
            catch (JsonException ex)
            {
                throw new HarnessInputException($"{ItemsPath}:{number}: not an item record ({ex.Message.Split('\n')[0]})");
            }
        }
        return items;
    }

    /// <summary>The lock file name: held (flock, through <see cref="FileShare.None"/>) by the one process writing the folder.</summary>
    public const string LockFileName = ".lock";

    /// <summary>
    /// Takes the folder's writer lock, or refuses with one line when another process holds it: on a shared results
    /// volume a rescheduled shard (a Kubernetes pod replaced while the old one still runs, a Slurm requeue) must not
    /// append to the same samples.jsonl. The kernel drops the lock when its holder dies, so a SIGKILL leaves nothing stale.
    /// </summary>
    public IDisposable Lock()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, LockFileName);
        try
        {
            // On Unix .NET turns FileShare.None into flock(LOCK_EX | LOCK_NB): advisory, per open file, released on exit.
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            stream.Write(System.Text.Encoding.UTF8.GetBytes($"{Environment.ProcessId}@{Environment.MachineName}\n"));
            stream.Flush();
            return stream;
        }
        catch (IOException)
        {
            throw new HarnessInputException($"{Directory}: another patchbench process is writing this run (it holds {LockFileName}); wait for it to end or " +
                $"stop it");
        }
    }

    /// <summary>The latest record per (item, sample); a damaged last line is ignored here (a run or score redoes it).</summary>
    public IReadOnlyList<SampleRecord> ReadSamples() => SamplesFile.Latest(SamplesFile.Read(SamplesPath).Records);
}
