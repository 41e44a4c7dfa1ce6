using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using PatchBench.Generation.LlamaCpp.Native;

namespace PatchBench.Generation.LlamaCpp;

/// <summary>The llama.cpp native libraries could not be found or loaded.</summary>
public sealed class LlamaNativeLibraryException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>llama.cpp refused an operation (model load, context creation, decode); the message carries its log.</summary>
public sealed class LlamaCppException(string message) : Exception(message);

/// <summary>Which build of the native libraries to load.</summary>
public enum LlamaDevice
{
    /// <summary>The CPU build (npm @node-llama-cpp/linux-x64), native/linux-x64.</summary>
    Cpu,
    /// <summary>The CUDA build (npm @node-llama-cpp/linux-x64-cuda + -cuda-ext), native/linux-x64-cuda.</summary>
    Cuda,
}

/// <summary>The files of one llama.cpp build in a folder.</summary>
/// <param name="Directory">The folder holding libllama, libggml and the CPU/GPU backend modules.</param>
/// <param name="Llama">Path of libllama.</param>
/// <param name="Ggml">Path of libggml (the backend registry).</param>
/// <param name="GgmlBase">Path of libggml-base.</param>
public sealed record LlamaLibraryFiles(string Directory, string Llama, string Ggml, string GgmlBase)
{
    /// <summary>Environment variable that overrides where native/ is.</summary>
    public const string EnvironmentVariable = "PATCHBENCH_NATIVE_DIR";

    /// <summary>Sub-folder of native/ for a device.</summary>
    public static string PlatformFolder(LlamaDevice device) => device == LlamaDevice.Cuda ? "linux-x64-cuda" : "linux-x64";

    /// <summary>
    /// Finds the libraries: <paramref name="nativeDirectory"/> (a native/ folder or the library
    /// folder itself), else $PATCHBENCH_NATIVE_DIR, else a native/ folder above the application or
    /// the current directory. Throws <see cref="LlamaNativeLibraryException"/> saying where it looked.
    /// </summary>
    public static LlamaLibraryFiles Locate(string? nativeDirectory, LlamaDevice device)
    {
        var platform = PlatformFolder(device);
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(nativeDirectory))
        {
            candidates.Add(nativeDirectory);
        }
        else
        {
            var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrEmpty(env)) candidates.Add(env);
            else
            {
                foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
                {
                    for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                    {
                        candidates.Add(Path.Combine(dir.FullName, "native"));
                    }
                }
            }
        }

        foreach (var candidate in candidates.Distinct())
        {
            foreach (var libDir in new[] { Path.Combine(candidate, platform), candidate })
            {
                var files = InFolder(libDir);
                if (files != null) return files;
            }
        }
        var where = !string.IsNullOrEmpty(nativeDirectory) ? $"'{nativeDirectory}'"
            : candidates.Count == 1 ? $"'{candidates[0]}' (from ${EnvironmentVariable})"
            : $"a native/{platform} folder above '{AppContext.BaseDirectory}' or '{Environment.CurrentDirectory}'";
        throw new LlamaNativeLibraryException(
            $"llama.cpp native libraries (libllama, libggml, libggml-base for {platform}) not found in {where}. " +
            $"Run scripts/fetch-native.sh{(device == LlamaDevice.Cuda ? " --cuda" : "")} or set ${EnvironmentVariable}.");
    }

    /// <summary>The libraries in exactly this folder, or null when one is missing.</summary>
    public static LlamaLibraryFiles? InFolder(string directory)
    {
        if (!System.IO.Directory.Exists(directory)) return null;
        var llama = Find(directory, "libllama");
        var ggml = Find(directory, "libggml");
        var ggmlBase = Path.Combine(directory, "libggml-base.so");
        if (llama == null || ggml == null || !File.Exists(ggmlBase)) return null;
        return new LlamaLibraryFiles(Path.GetFullPath(directory), llama, ggml, Path.GetFullPath(ggmlBase));
    }

    // libNAME.so, or the versioned names the npm packages ship (libNAME.v0.5.0.so, libNAME.cuda.v0.5.0.so);
    // never libNAME-common.so.
    private static string? Find(string directory, string name)
    {
        var plain = Path.Combine(directory, name + ".so");
        if (File.Exists(plain)) return Path.GetFullPath(plain);
        return System.IO.Directory.GetFiles(directory, name + ".*.so").OrderBy(f => f, StringComparer.Ordinal).FirstOrDefault();
    }
}

/// <summary>
/// Process-wide loading of llama.cpp: resolves the logical library names of the P/Invoke
/// declarations to one folder's files, loads the backend modules (the CPU kernels are one
/// module per instruction-set level, chosen for this processor at run time) and captures
/// llama.cpp's log so errors can quote it. A process can load only one build.
/// </summary>
public static class LlamaLibrary
{
    private static readonly object Gate = new();
    private static LlamaLibraryFiles? _loaded;
    private static IntPtr _llama, _ggml, _ggmlBase;
    private static readonly ConcurrentQueue<string> RecentLog = new();
    private static readonly StringBuilder PendingLine = new();

    /// <summary>The folder the libraries were loaded from, or null before <see cref="Load"/>.</summary>
    public static LlamaLibraryFiles? Loaded => _loaded;

    /// <summary>Receives every log line of llama.cpp and ggml (level, text). Null discards them.</summary>
    public static Action<int, string>? LogSink { get; set; }

    /// <summary>
    /// Loads the libraries once per process. Later calls with the same folder (or none) return
    /// the loaded build; asking for a different folder throws.
    /// </summary>
    public static LlamaLibraryFiles Load(string? nativeDirectory = null, LlamaDevice device = LlamaDevice.Cpu)
    {
        lock (Gate)
        {
            if (_loaded != null)
            {
                if (nativeDirectory == null) return _loaded;
                var wanted = LlamaLibraryFiles.Locate(nativeDirectory, device);
                if (wanted.Directory == _loaded.Directory) return _loaded;
                throw new LlamaNativeLibraryException(
                    $"llama.cpp is already loaded from '{_loaded.Directory}'; a process can load only one build (asked for '{wanted.Directory}').");
            }
            var files = LlamaLibraryFiles.Locate(nativeDirectory, device);
            try
            {
                _ggmlBase = NativeLibrary.Load(files.GgmlBase);
                _ggml = NativeLibrary.Load(files.Ggml);
                _llama = NativeLibrary.Load(files.Llama);
            }
            catch (DllNotFoundException e)
            {
                throw new LlamaNativeLibraryException($"cannot load llama.cpp from '{files.Directory}': {e.Message}", e);
            }
            catch (BadImageFormatException e)
            {
                throw new LlamaNativeLibraryException($"'{files.Directory}' holds libraries for another platform: {e.Message}", e);
            }
            NativeLibrary.SetDllImportResolver(typeof(LlamaLibrary).Assembly, Resolve);
            _loaded = files;
            unsafe
            {
                LlamaNative.llama_log_set(&OnLog, null);
            }
            // Before anything else: without the backend modules there is no CPU device at all.
            LlamaNative.ggml_backend_load_all_from_path(files.Directory);
            LlamaNative.llama_backend_init();
            if (device == LlamaDevice.Cuda && !HasGpu())
            {
                // The CUDA package's main module needs CUDA 13; -cuda-ext ships a CUDA 12 build in fallback/.
                var fallback = Path.Combine(files.Directory, "fallback", "libggml-cuda.so");
                if (File.Exists(fallback)) LlamaNative.ggml_backend_load(fallback);
                if (!HasGpu())
                {
                    throw new LlamaNativeLibraryException(
                        $"--device cuda: no CUDA device could be used from '{files.Directory}' (needs an NVIDIA driver and libcudart/libcublas 13, or 12 for fallback/). Log: {RecentLogText()}");
                }
            }
            if (LlamaNative.ggml_backend_dev_count() == 0)
            {
                throw new LlamaNativeLibraryException(
                    $"llama.cpp loaded from '{files.Directory}' but found no compute device (no usable libggml-cpu-*.so for this processor). Log: {RecentLogText()}");
            }
            return files;
        }
    }

    private static bool HasGpu()
    {
        for (nuint i = 0; i < LlamaNative.ggml_backend_dev_count(); i++)
        {
            // enum ggml_backend_dev_type: 0 CPU, 1 GPU, 2 IGPU, 3 ACCEL.
            if (LlamaNative.ggml_backend_dev_type(LlamaNative.ggml_backend_dev_get(i)) is 1 or 2) return true;
        }
        return false;
    }

    /// <summary>The names of the compute devices ggml registered (e.g. "CPU", "CUDA0").</summary>
    public static IReadOnlyList<string> Devices()
    {
        Load();
        var names = new List<string>();
        for (nuint i = 0; i < LlamaNative.ggml_backend_dev_count(); i++)
        {
            names.Add(Marshal.PtrToStringUTF8(LlamaNative.ggml_backend_dev_name(LlamaNative.ggml_backend_dev_get(i))) ?? "?");
        }
        return names;
    }

    /// <summary>llama.cpp's description of the CPU features its kernels use.</summary>
    public static string SystemInfo()
    {
        Load();
        return Marshal.PtrToStringUTF8(LlamaNative.llama_print_system_info()) ?? "";
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) => name switch
    {
        LlamaNative.Llama => _llama,
        LlamaNative.Ggml => _ggml,
        LlamaNative.GgmlBase => _ggmlBase,
        _ => IntPtr.Zero,
    };

    /// <summary>The last warning and error lines llama.cpp logged, for error messages.</summary>
    internal static string RecentLogText()
    {
        var lines = RecentLog.ToArray();
        return lines.Length == 0 ? "(llama.cpp logged nothing)" : string.Join(" | ", lines.TakeLast(6));
    }

    /// <summary>Forgets the captured log (called before an operation whose failure should quote it).</summary>
    internal static void ClearRecentLog()
    {
        while (RecentLog.TryDequeue(out _)) { }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe void OnLog(int level, byte* text, void* userData)
    {
        try
        {
            var piece = Marshal.PtrToStringUTF8((IntPtr)text) ?? "";
            lock (PendingLine)
            {
                PendingLine.Append(piece);
                if (!piece.EndsWith('\n')) return;
                var line = PendingLine.ToString().TrimEnd();
                PendingLine.Clear();
                // ggml levels: 1 debug, 2 info, 3 warn, 4 error, 5 continuation.
                if (level is 3 or 4)
                {
                    RecentLog.Enqueue(line);
                    while (RecentLog.Count > 32) RecentLog.TryDequeue(out _);
                }
                LogSink?.Invoke(level, line);
            }
        }
        catch
        {
            // Never let an exception cross into native code.
        }
    }
}
