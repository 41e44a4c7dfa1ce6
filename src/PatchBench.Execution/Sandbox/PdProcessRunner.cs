using System.Diagnostics;
using System.Text;

namespace PatchBench.Execution.Sandbox;

/// <summary>How a Pd process ended and what it printed.</summary>
/// <param name="Lines">Console lines (stderr and stdout, in arrival order per stream), up to the output limit.</param>
/// <param name="ExitCode">The process's exit code; 128 + N when killed by signal N.</param>
/// <param name="TimedOut">Killed at the wall-clock limit.</param>
/// <param name="OutputLimited">Killed because it printed more than the limit.</param>
/// <param name="Elapsed">Wall-clock time from start to exit.</param>
public sealed record ProcessOutcome(IReadOnlyList<string> Lines, int ExitCode, bool TimedOut, bool OutputLimited, TimeSpan Elapsed);

/// <summary>
/// Starts one process in its own process group, collects its console output up to a byte limit,
/// and kills the whole group (and with bubblewrap its whole PID namespace) at the deadline.
/// </summary>
public static class PdProcessRunner
{
    /// <summary>Runs <paramref name="psi"/> to completion or to the wall-clock limit.</summary>
    public static async Task<ProcessOutcome> RunAsync(ProcessStartInfo psi, TimeSpan wallLimit, int maxOutputBytes, CancellationToken cancel = default)
    {
        var sw = Stopwatch.StartNew();
        using var p = new Process { StartInfo = psi };
        p.Start();
        int pid = p.Id;
        p.StandardInput.Close();
        var lines = new List<string>();
        int budget = maxOutputBytes;
        bool outputLimited = false;
        using var killer = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var gate = new object();

        async Task Pump(Stream s)
        {
            var buffer = new byte[8192];
            var pending = new StringBuilder();
            var decoder = Encoding.UTF8.GetDecoder();
            var chars = new char[8192];
            while (true)
            {
                int n;
                // Not the caller's token: cancelling kills the process group, which ends the stream, and the lines read
                // until then still belong in the outcome.
                try { n = await s.ReadAsync(buffer, CancellationToken.None); }
                catch (Exception ex) when (ex is IOException or ObjectDisposedException) { break; }
                if (n == 0) break;
                lock (gate)
                {
                    if (outputLimited) continue;
                    budget -= n;
                    if (budget < 0)
                    {
                        outputLimited = true;
                        killer.Cancel();
                        continue;
                    }
                }
                int c = decoder.GetChars(buffer, 0, n, chars, 0);
                pending.Append(chars, 0, c);
                int nl;
                while ((nl = IndexOf(pending, '\n')) >= 0)
                {
                    var line = pending.ToString(0, nl);
                    pending.Remove(0, nl + 1);
                    lock (gate) lines.Add(line);
                }
            }
            if (pending.Length > 0) lock (gate) lines.Add(pending.ToString());
        }

        var pumps = Task.WhenAll(Pump(p.StandardError.BaseStream), Pump(p.StandardOutput.BaseStream));
        bool timedOut = false;
        using (var deadline = new CancellationTokenSource(wallLimit))
        using (var any = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, killer.Token))
        {
            try
            {
                await p.WaitForExitAsync(any.Token);
            }
            catch (OperationCanceledException)
            {
                timedOut = deadline.IsCancellationRequested && !outputLimited;
                NativeProcess.KillGroup(pid);
                await p.WaitForExitAsync(CancellationToken.None);
            }
        }
        // Anything the process left in its group goes too (with bubblewrap the PID namespace is already gone).
        NativeProcess.KillGroup(pid, leaderToo: false);
        await pumps;
        cancel.ThrowIfCancellationRequested();
        return new ProcessOutcome(lines, p.ExitCode, timedOut, outputLimited, sw.Elapsed);
    }

    private static int IndexOf(StringBuilder sb, char c)
    {
        for (int i = 0; i < sb.Length; i++) if (sb[i] == c) return i;
        return -1;
    }
}
