using System.Diagnostics;
using PatchBench.Training.Model;

namespace PatchBench.Training.Tests;

/// <summary><c>patchbench train</c> as a user runs it: killed and resumed, and bad input.</summary>
[Trait("Category", "Integration")]
public class TrainCommandTests
{
    // Big enough that the 12 steps after the kill point take far longer than one 10 ms poll (with batch 2 and context 64
    // a quiet machine finished them between two polls), small enough to train in seconds.
    private static string[] Args(string root, string patches) =>
    [
        "train", "--family", "cli", "--steps", "16", "--batch", "8", "--hidden", "32", "--layers", "2", "--heads", "2", "--feed-forward", "64",
        "--context", "256", "--prompt-repeats", "2", "--patches", patches, "--models", Path.Combine(root, "models"), "--results", Path.Combine(root, "results"),
    ];

    private static string SmallPatchFolder(string root)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, "patches")).FullName;
        foreach (var name in new[] { "osc~-help.pd", "metro-help.pd", "print-help.pd" }) File.Copy(Path.Combine(TestPaths.PdDoc, "5.reference", name),
            Path.Combine(folder, name));
        return folder;
    }

    [Fact]
    public async Task A_killed_training_resumes_from_its_last_resume_point_to_the_uninterrupted_weights()
    {
        var patches = SmallPatchFolder(TestPaths.Temp("patches"));
        var whole = TestPaths.Temp("cli-whole");
        var (code, _, stderr) = await TestPaths.RunCliAsync(Args(whole, patches));
        Assert.True(code == 0, stderr);

        var killed = TestPaths.Temp("cli-killed");
        using (var p = TestPaths.StartCli(Args(killed, patches)))
        {
            _ = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            var state = Path.Combine(killed, "models", "cli", ".state");
            // Kill (SIGKILL, no clean-up) once a resume point past step 4 exists and before the run ends.
            while (!p.HasExited && !(Directory.Exists(state)
                && Directory.GetDirectories(state).Select(Trainer.LatestResumePoint)
                .Any(r => r is not null && string.CompareOrdinal(Path.GetFileName(r), "step-000004") >= 0)))
                await Task.Delay(10);
            Assert.False(p.HasExited, "the run ended before it could be killed");
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
        Assert.False(File.Exists(Path.Combine(killed, "models", "cli", "cli-step0016.gguf")));
        var resumed = await TestPaths.RunCliAsync(Args(killed, patches));
        Assert.True(resumed.Code == 0, resumed.Stderr);
        Assert.Contains("resuming from step", resumed.Stderr);
        foreach (var step in new[] { "0002", "0004", "0008", "0016" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "models", "cli", $"cli-step{step}.gguf")),
                File.ReadAllBytes(Path.Combine(killed, "models", "cli", $"cli-step{step}.gguf")));

        // Finished and cached: a third call trains nothing.
        var again = await TestPaths.RunCliAsync(Args(killed, patches));
        Assert.Equal(0, again.Code);
        Assert.Contains("up to date", again.Stderr);
    }

    [Theory]
    [InlineData("--steps", "0")]
    [InlineData("--heads", "5")]
    [InlineData("--patches", "/nonexistent/pd-docs")]
    public async Task Bad_settings_exit_2_with_one_line(string option, string value)
    {
        var root = TestPaths.Temp("bad");
        var (code, stdout, stderr) = await TestPaths.RunCliAsync("train", option, value, "--models", Path.Combine(root, "m"), "--results",
            Path.Combine(root, "r"));
        Assert.Equal(2, code);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", stderr + stdout);
    }
}
