using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using LLama.Exceptions;
using LLama.Native;

namespace PatchBench.Generation.LlamaCpp;

/// <summary>The llama.cpp native library could not be loaded, or is not the build LLamaSharp was made for.</summary>
public sealed class LlamaNativeLibraryException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>llama.cpp refused an operation (model load, context creation, decode); the message carries its log.</summary>
public sealed class LlamaCppException(string message) : Exception(message);

/// <summary>Where the model runs.</summary>
public enum LlamaDevice
{
    /// <summary>LLamaSharp.Backend.Cpu (the default build).</summary>
    Cpu,
    /// <summary>LLamaSharp.Backend.Cuda12 (the build made with <c>-p:PatchBenchGpu=cuda12</c>).</summary>
    Cuda,
}

/// <summary>
/// The one place that configures LLamaSharp's process-wide native library: its log goes to our log before any other
/// call (quiet unless <c>PATCHBENCH_LLAMA_LOG</c> is set), the device is chosen, and a user's own libllama is only
/// taken when it is the llama.cpp commit LLamaSharp's bindings were written for, or one of the same structs
/// (<see cref="AbiCommits"/>; any other one loads, then aborts the process at the first decode: the structs differ).
/// </summary>
public static class LlamaNativeLibrary
{
    /// <summary>The llama.cpp commit LLamaSharp 0.30.0 binds (ggml_commit() of its bundled build).</summary>
    public const string Commit = "815a2a591";

    /// <summary>
    /// ggml_commit() of the builds a <c>native=</c> folder may hold: LLamaSharp's own commit, and llama.cpp b10256
    /// (<c>6c8dcaa</c>), the nearest source a registry here carries (npm llama.rn 0.12.9), built by
    /// bench/build-llamasharp-native.sh. Its llama.h structs are field for field the ones LLamaSharp 0.30.0 marshals
    /// (b10156 lacks llama_model_params.load_mtp, b10361 adds llama_context_params.n_outputs_max_per_seq); a commit is
    /// added here only after that comparison (docs/llamacpp.md).
    /// </summary>
    public static readonly IReadOnlyList<string> AbiCommits = [Commit, "6c8dcaa"];

    /// <summary>Set to 1 (or any value but 0) to copy llama.cpp's log to standard error.</summary>
    public const string LogVariable = "PATCHBENCH_LLAMA_LOG";

    private static readonly object Gate = new();
    private static readonly ConcurrentQueue<string> Recent = new();
    private static readonly StringBuilder Line = new();
    private static (LlamaDevice Device, string? Library)? _loaded;

    /// <summary>llama.cpp's log lines also go here (level, text), e.g. to a run's log file.</summary>
    public static Action<LLamaLogLevel, string>? LogSink { get; set; }

    /// <summary>
    /// Configures and loads the native library once per process: the CPU or CUDA build, or the libllama in
    /// <paramref name="libraryDirectory"/> after the ABI check. Asking later for another device or library is an error,
    /// since a process holds one llama.cpp.
    /// </summary>
    public static void Load(LlamaDevice device = LlamaDevice.Cpu, string? libraryDirectory = null)
    {
        lock (Gate)
        {
            var library = libraryDirectory is null ? null : UserLibrary(libraryDirectory);
            if (_loaded is { } loaded)
            {
                if (device == LlamaDevice.Cuda && loaded.Device == LlamaDevice.Cpu && !NativeApi.llama_supports_gpu_offload()) throw CudaMissing();
                if (loaded != (device, library))
                {
                    throw new LlamaNativeLibraryException(
                        $"llama.cpp is already loaded for {Describe(loaded.Device, loaded.Library)} in this process; {Describe(device, library)} needs a " +
                            $"process of its own");
                }
                return;
            }
            // Before libgomp loads with llama.cpp: its threads share the cores with the sandboxed Pd runs of the scorers.
            OpenMpWaitPolicy.Apply();
            var config = NativeLibraryConfig.All.WithLogCallback(OnLog);
            if (device == LlamaDevice.Cuda) config.WithCuda();
            if (library is not null) config.WithLibrary(library, null);
            try
            {
                NativeApi.llama_empty_call(); // loads the library with the settings above
            }
            catch (Exception e) when (e is DllNotFoundException or RuntimeError or TypeInitializationException)
            {
                throw new LlamaNativeLibraryException($"LLamaSharp could not load llama.cpp ({Describe(device, library)}): {e.Message} {RecentLogText()}", e);
            }
            CheckLoadedCommit(library);
            // Without a CUDA build LLamaSharp falls back to its CPU build: record what was really loaded, then refuse.
            var gpu = NativeApi.llama_supports_gpu_offload();
            _loaded = (gpu ? device : LlamaDevice.Cpu, library);
            if (device == LlamaDevice.Cuda && !gpu) throw CudaMissing();
        }
    }

    private static LlamaNativeLibraryException CudaMissing() => new(
        "device=cuda needs llama.cpp's CUDA build: this build has only LLamaSharp.Backend.Cpu. On a machine with an NVIDIA driver and " +
        "CUDA 12, build with `dotnet build -c Release -p:PatchBenchGpu=cuda12` (it references LLamaSharp.Backend.Cuda12)");

    /// <summary>ggml_commit() of the llama.cpp loaded in this process (by soname, so it is the copy libllama uses).</summary>
    public static string LoadedCommit()
    {
        if (!NativeLibrary.TryLoad("libggml-base.so", out var handle) || !NativeLibrary.TryGetExport(handle, "ggml_commit", out var commit))
            return "unknown";
        unsafe
        {
            return Marshal.PtrToStringUTF8(((delegate* unmanaged[Cdecl]<IntPtr>)commit)()) ?? "unknown";
        }
    }

    /// <summary>
    /// The libllama in <paramref name="directory"/>, refused (one line) unless its libggml-base carries LLamaSharp's commit:
    /// checked in the file, before anything is loaded, because a wrong build cannot be unloaded again.
    /// </summary>
    internal static string UserLibrary(string directory)
    {
        var llama = Path.GetFullPath(Path.Combine(directory, "libllama.so"));
        var ggmlBase = Path.Combine(Path.GetDirectoryName(llama)!, "libggml-base.so");
        if (!File.Exists(llama) || !File.Exists(ggmlBase))
            throw new LlamaNativeLibraryException($"native={directory}: expected libllama.so and libggml-base.so of llama.cpp {Commit} in that folder");
        var bytes = File.ReadAllBytes(ggmlBase);
        if (!AbiCommits.Any(c => bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(c + "\0")) >= 0))
        {
            throw new LlamaNativeLibraryException(
                $"native={directory}: {ggmlBase} is not llama.cpp commit {Commit}, the one LLamaSharp 0.30.0 binds, nor a build of the same ABI " +
                $"({string.Join(", ", AbiCommits.Skip(1))}); another commit aborts the process at the first decode. " +
                $"Run bench/build-llamasharp-native.sh (or build llama.cpp at {Commit}) or leave native= out to use LLamaSharp's own build");
        }
        return llama;
    }

    private static void CheckLoadedCommit(string? library)
    {
        var commit = LoadedCommit();
        if (!AbiCommits.Contains(commit))
        {
            throw new LlamaNativeLibraryException(
                $"the loaded llama.cpp ({library ?? "LLamaSharp's bundled build"}) is commit {commit}, not {Commit} that LLamaSharp 0.30.0 binds (nor " +
                    $"{string.Join(", ", AbiCommits.Skip(1))}): refusing to decode with it");
        }
    }

    private static string Describe(LlamaDevice device, string? library) =>
        library ?? (device == LlamaDevice.Cuda ? "LLamaSharp's CUDA build" : "LLamaSharp's CPU build");

    private static readonly bool Echo = Environment.GetEnvironmentVariable(LogVariable) is { Length: > 0 } v && v != "0";

    // llama.cpp logs in pieces (Continue continues the line): whole lines are kept for error messages.
    private static void OnLog(LLamaLogLevel level, string message)
    {
        lock (Line)
        {
            Line.Append(message);
            if (!message.EndsWith('\n')) return;
            var line = Line.ToString().TrimEnd();
            Line.Clear();
            if (line.Length == 0) return;
            Recent.Enqueue(line);
            while (Recent.Count > 40) Recent.TryDequeue(out _);
            if (Echo) Console.Error.WriteLine($"llama.cpp: {line}");
            LogSink?.Invoke(level, line);
        }
    }

    /// <summary>The last warnings and errors of llama.cpp's log, for an error message.</summary>
    internal static string RecentLogText()
    {
        var lines = Recent.ToArray().Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)
            || l.Contains("fail", StringComparison.OrdinalIgnoreCase)
            || l.Contains("unknown", StringComparison.OrdinalIgnoreCase) || l.Contains("invalid", StringComparison.OrdinalIgnoreCase)).TakeLast(3).ToList();
        return lines.Count == 0 ? "(llama.cpp logged no error)" : string.Join(" | ", lines);
    }

    /// <summary>Forgets the log lines seen so far, so the next error quotes only its own.</summary>
    internal static void ClearRecentLog() => Recent.Clear();
}
