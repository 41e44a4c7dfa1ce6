using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PatchBench.Generation.Tests;

/// <summary>
/// llama.cpp's own <c>llama-server</c> (built by scripts/build-llama-server.sh from node-llama-cpp's llama.cpp source,
/// static; the build is cached) serving the tiny GGUF on 127.0.0.1, a free port, one thread.
/// </summary>
public sealed class LlamaServerProcess : IAsyncDisposable
{
    /// <summary>The name the server answers to (<c>--alias</c>).</summary>
    public const string ModelName = "tiny-llama";

    private readonly Process _process;
    private readonly StringBuilder _log;

    private LlamaServerProcess(Process process, StringBuilder log, Uri baseUrl)
    {
        _process = process;
        _log = log;
        BaseUrl = baseUrl;
    }

    /// <summary>The API base, ending in /v1.</summary>
    public Uri BaseUrl { get; }

    /// <summary>What the server printed so far (for failure messages).</summary>
    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// <summary>Builds the binary when missing, starts it with <paramref name="slots"/> parallel slots and waits until /health says ok.</summary>
    public static async Task<LlamaServerProcess> StartAsync(string modelPath, int slots = 4)
    {
        // The script prints the binary's path (building it once, cached); a static build needs no library folder.
        var binary = TestEnvironment.Run("bash", Path.Combine(TestEnvironment.RepoRoot, "scripts", "build-llama-server.sh")).Trim().Split('\n')[^1];
        var port = FreePort();
        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // One thread: on a shared, loaded machine llama.cpp's spinning worker threads slow a tiny model down a hundredfold.
        foreach (var a in new[] { "-m", modelPath, "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-np", slots.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c",
                         (512 * slots).ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-t", "1", "--alias", ModelName })
            psi.ArgumentList.Add(a);
        var log = new StringBuilder();
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new LlamaServerProcess(process, log, new Uri($"http://127.0.0.1:{port}/v1"));
        using var http = new HttpClient();
        // Readiness, not performance: the bound only keeps a server that never comes up from hanging the test run.
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"llama-server exited with {process.ExitCode}: {server.Log}");
            try
            {
                using var health = await http.GetAsync($"http://127.0.0.1:{port}/health");
                if (health.StatusCode == HttpStatusCode.OK) return server;
            }
            catch (HttpRequestException)
            {
            }
            if (clock.Elapsed > TimeSpan.FromMinutes(3))
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"llama-server did not become healthy: {server.Log}");
            }
            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
