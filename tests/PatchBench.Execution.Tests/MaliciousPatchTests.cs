using System.Net;
using System.Net.Sockets;
using PatchBench.Execution.Events;
using static PatchBench.Execution.Tests.PdFixture;

namespace PatchBench.Execution.Tests;

/// <summary>
/// Patches that attack the machine. Each must end with a failure event (or, where Pd reports
/// nothing, the patch's own failure path), leave the victim intact, receive no connection, leave
/// no process behind and leave the harness working. The delete and overwrite patches are first
/// shown to work in plain Pd 0.53 so the tests prove the sandbox, not a broken patch.
/// </summary>
[Collection("pd")]
[Trait("Category", "Integration")] // real Pd in bubblewrap
public sealed class MaliciousPatchTests(PdFixture pd) : IDisposable
{
    private readonly string outside = Directory.CreateTempSubdirectory("patchbench-victim-").FullName;

    public void Dispose() => Directory.Delete(outside, recursive: true);

    private string Victim(string content = "precious\n")
    {
        var path = Path.Combine(outside, "victim.txt");
        File.WriteAllText(path, content);
        return path;
    }

    private static string DeletePatch(string victim) => Patch(
        "#X obj 10 10 loadbang;",
        $"#X msg 10 40 symbol {victim};",
        "#X obj 10 70 file delete;",
        "#X obj 10 100 print deleted;",
        "#X obj 150 100 print delete-failed;",
        "#X connect 0 0 1 0;",
        "#X connect 1 0 2 0;",
        "#X connect 2 0 3 0;",
        "#X connect 2 1 4 0;");

    private static string OverwritePatch(string victim) => Patch(
        "#X obj 10 10 loadbang;",
        $"#X msg 10 40 write -c {victim};",
        "#X obj 10 70 text define -k t;",
        "#A set pwned;",
        "#X connect 0 0 1 0;",
        "#X connect 1 0 2 0;");

    /// <summary>Runs Pd 0.53 directly, with no sandbox, on a patch that is harmless to run here (it only targets our temp folder).</summary>
    private async Task RunPlainPd(string text)
    {
        var file = Path.Combine(outside, "plain.pd");
        File.WriteAllText(file, text);
        var psi = new System.Diagnostics.ProcessStartInfo(PdExecutor.FindPd()!) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-nogui", "-nosound", "-nomidi", "-noprefs", "-nrt", "-batch", "-stderr", "-open", file, "-send",
            "pd quit" }) psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi)!;
        await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
    }

    private static void AssertNoLeftovers() => Assert.Empty(LeftoverProcesses());

    [Fact]
    public async Task Delete_outside_its_folder_works_in_plain_pd_but_not_in_the_sandbox()
    {
        var victim = Victim();
        await RunPlainPd(DeletePatch(victim));
        Assert.False(File.Exists(victim)); // the attack is real

        victim = Victim();
        var r = await pd.Run(DeletePatch(victim));
        Assert.Equal("precious\n", File.ReadAllText(victim));
        Assert.Contains(r.Printed, p => p.Name == "delete-failed");
        Assert.DoesNotContain(r.Printed, p => p.Name == "deleted");
        Assert.Contains(r.Dangers, d => d.Code == "outside-path");
        Assert.Contains(r.Dangers, d => d.Code == "file-access");
        AssertNoLeftovers();
    }

    [Fact]
    public async Task Overwrite_outside_its_folder_works_in_plain_pd_but_not_in_the_sandbox()
    {
        var victim = Victim();
        await RunPlainPd(OverwritePatch(victim));
        Assert.Contains("pwned", File.ReadAllText(victim)); // the attack is real

        victim = Victim();
        var r = await pd.Run(OverwritePatch(victim));
        Assert.Equal("precious\n", File.ReadAllText(victim));
        Assert.False(r.Ok);
        Assert.Contains(r.Events, e => e.Kind == PdEventKind.ObjectError && e.Message.Contains("write failed"));
        AssertNoLeftovers();
    }

    [Theory]
    [InlineData("/dev/shm/pb.txt")]
    [InlineData("/pb.txt")]
    [InlineData("/etc/pb.txt")]
    [InlineData("/usr/pb.txt")]
    public async Task Writing_anywhere_but_its_own_folder_fails(string target)
    {
        var r = await pd.Run(Patch(
            "#X obj 10 10 loadbang;",
            $"#X msg 10 40 write -c {target} \\, write -c mine.txt;",
            "#X obj 10 70 text define -k t;",
            "#A set data;",
            "#X connect 0 0 1 0;",
            "#X connect 1 0 2 0;"));
        var e = Assert.Single(r.Events, e => e.Kind == PdEventKind.ObjectError);
        Assert.Equal($"{target}: write failed", e.Message);
        AssertNoLeftovers();
    }

    [Fact]
    public async Task Reading_a_secret_file_prints_nothing_of_it()
    {
        var secret = Path.Combine(outside, "secret.txt");
        File.WriteAllText(secret, "TOPSECRET42\n");
        var r = await pd.Run(Patch(
            "#X obj 10 10 loadbang;",
            "#X obj 10 40 t b b;",
            $"#X msg 100 70 read -c {secret};",
            "#X obj 100 100 text define s;",
            "#X msg 10 70 0;",
            "#X obj 10 100 text get s;",
            "#X obj 10 130 print stolen;",
            "#X connect 0 0 1 0;",
            "#X connect 1 1 2 0;",
            "#X connect 2 0 3 0;",
            "#X connect 1 0 4 0;",
            "#X connect 4 0 5 0;",
            "#X connect 5 0 6 0;"));
        Assert.False(r.Ok);
        Assert.Contains(r.Events, e => e.Kind == PdEventKind.ObjectError && e.Message.Contains("can't open"));
        Assert.DoesNotContain(r.Events, e => e.Message.Contains("TOPSECRET42"));
        AssertNoLeftovers();
    }

    [Fact]
    public async Task Connecting_to_a_loopback_server_reaches_nothing()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            string Attack() => Patch(
                "#X obj 10 10 loadbang;",
                $"#X msg 10 40 connect 127.0.0.1 {port} \\, send hello;",
                "#X obj 10 70 netsend;",
                "#X obj 10 100 print connected;",
                "#X connect 0 0 1 0;",
                "#X connect 1 0 2 0;",
                "#X connect 2 0 3 0;");
            await RunPlainPd(Attack());
            Assert.True(listener.Pending()); // the attack is real
            listener.AcceptTcpClient().Dispose();

            var r = await pd.Run(Attack());
            Assert.False(listener.Pending());
            Assert.False(r.Ok);
            // Pd 0.53's netsend reports "connected" at once (non-blocking connect); the send then fails.
            Assert.Contains(r.Events, e => e.Kind == PdEventKind.ObjectError && e.Message.StartsWith("send: "));
            Assert.Contains(r.Dangers, d => d.Code == "network");
            AssertNoLeftovers();
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task Endless_control_loop_is_killed_at_the_deadline()
    {
        var r = await pd.Run(Patch(
            "#X obj 10 10 loadbang;",
            "#X obj 10 40 until;",
            "#X obj 10 70 f;",
            "#X obj 50 70 + 1;",
            "#X connect 0 0 1 0;",
            "#X connect 1 0 2 0;",
            "#X connect 2 0 3 0;",
            "#X connect 3 0 2 1;"), Quick(wallSeconds: 2));
        AssertStage(ExecStage.Parse, r);
        Assert.Contains(r.Events, e => e.Kind == PdEventKind.Timeout && e.Phase == PdRunPhase.Load);
        AssertNoLeftovers();
    }

    [Fact]
    public async Task Endless_loop_while_dsp_runs_is_killed_at_the_deadline()
    {
        // bang~ fires after each DSP tick; the until it starts never stops.
        var r = await pd.Run(Patch(
            "#X obj 10 10 bang~;",
            "#X obj 10 40 spigot 1;",
            "#X obj 10 70 until;",
            "#X connect 0 0 1 0;",
            "#X connect 1 0 2 0;"), Quick(wallSeconds: 2));
        AssertStage(ExecStage.Load, r);
        Assert.Contains(r.Events, e => e.Kind == PdEventKind.Timeout && e.Phase == PdRunPhase.Run);
        AssertNoLeftovers();
    }

    [Fact]
    public async Task Allocating_gigabytes_fails_with_out_of_memory()
    {
        var r = await pd.Run(Patch("#X obj 10 10 array define huge 1e+09;"));
        AssertStage(ExecStage.Parse, r);
        Assert.Contains(r.Events, e => e.Kind == PdEventKind.OutOfMemory);
        AssertNoLeftovers();
    }

    [Fact]
    public async Task Spawning_many_pd_instances_fails_and_leaves_nothing_behind()
    {
        var boxes = Enumerable.Range(0, 6).Select(i => $"#X obj {10 + 90 * i} 130 pd~ -ninsig 0 -noutsig 0;");
        var connects = Enumerable.Range(0, 6).Select(i => $"#X connect 3 0 {4 + i} 0;");
        var r = await pd.Run(Patch([
            "#X obj 10 10 loadbang;",
            "#X msg 10 40 20;",
            "#X obj 10 70 until;",
            "#X msg 10 100 pd~ start sub.pd;",
            .. boxes,
            "#X connect 0 0 1 0;",
            "#X connect 1 0 2 0;",
            "#X connect 2 0 3 0;",
            .. connects]), Quick(wallSeconds: 3));
        Assert.False(r.Ok);
        // A started pd~ blocks its parent waiting for the child (killed at the deadline); past the
        // process limit pd~ reports "can't fork". Either way the run fails and nothing survives it.
        Assert.Contains(r.Events, e => e.Kind == PdEventKind.Timeout || (e.Kind == PdEventKind.ObjectError && e.Message.Contains("can't fork")));
        Assert.Contains(r.Dangers, d => d.Code == "subprocess");
        AssertNoLeftovers();
    }

    [Fact]
    public async Task Printing_megabytes_is_cut_off()
    {
        var r = await pd.Run(Patch(
            "#X obj 10 10 loadbang;",
            "#X msg 10 40 1e+07;",
            "#X obj 10 70 until;",
            "#X msg 10 100 flood flood flood flood flood flood flood flood flood flood flood flood flood flood flood flood;",
            "#X obj 10 130 print spam;",
            "#X connect 0 0 1 0;",
            "#X connect 1 0 2 0;",
            "#X connect 2 0 3 0;",
            "#X connect 3 0 4 0;"), Quick(wallSeconds: 60) with { MaxOutputBytes = 256 * 1024 });
        AssertStage(ExecStage.Parse, r);
        Assert.Contains(r.Events, e => e.Kind == PdEventKind.OutputLimit);
        Assert.True(r.Printed.Count < 256 * 1024 / 90 + 10);
        AssertNoLeftovers();
    }

    [Fact]
    public async Task Harness_still_runs_a_clean_patch_after_the_attacks()
    {
        var r = await pd.Run(Patch("#X obj 10 10 loadbang;", "#X obj 10 40 print ok;", "#X connect 0 0 1 0;"));
        Assert.True(r.Ok);
        Assert.Equal("bang", Assert.Single(r.Printed).Value);
        Assert.Empty(Directory.EnumerateDirectories(RunRoot));
    }
}
