using System.Diagnostics;

namespace PatchBench.Execution.CatalogProbe;

/// <summary>Runs a trusted patch in headless Pd (<c>-batch</c>, no audio, MIDI or GUI) and returns what it printed.</summary>
public interface IPdBatchRunner
{
    /// <summary>Runs <paramref name="patchPath"/> until it sends <c>pd quit</c>; returns Pd's stderr lines.</summary>
    Task<IReadOnlyList<string>> RunAsync(string patchPath, CancellationToken cancellationToken = default);
}

/// <summary>
/// Starts <c>pd -nogui -nosound -nomidi -noprefs -batch -stderr -open PATCH</c>. Only for the
/// project's own probe patches: it runs without the sandbox that candidate patches need.
/// </summary>
/// <param name="PdPath">The Pd executable (default <c>pd</c> from PATH).</param>
public sealed record PdBatchRunner(string PdPath = "pd") : IPdBatchRunner
{
    private static readonly string[] BatchFlags = ["-nogui", "-nosound", "-nomidi", "-noprefs", "-batch", "-stderr"];

    /// <summary>Extra Pd flags before <c>-open</c>, e.g. <c>-lib Gem</c> to probe a library profile.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The version <c>pd -version</c> prints, e.g. <c>0.53.1</c>.</summary>
    public async Task<string> VersionAsync(CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(PdPath) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-version");
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {PdPath}");
        var text = await process.StandardOutput.ReadToEndAsync(cancellationToken) + await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var m = System.Text.RegularExpressions.Regex.Match(text, @"Pd-(\d+\.\d+(?:\.\d+)?)");
        return m.Success ? m.Groups[1].Value : "unknown";
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> RunAsync(string patchPath, CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(PdPath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(patchPath))!,
        };
        foreach (var a in BatchFlags.Concat(Arguments).Concat(["-open", Path.GetFullPath(patchPath)]))
            info.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {PdPath}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"could not start Pd as '{PdPath}': {ex.Message} (install puredata-core or pass --pd PATH)", ex);
        }
        using (process)
        {
            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var text = await stderr;
            await stdout;
            return text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
        }
    }
}
