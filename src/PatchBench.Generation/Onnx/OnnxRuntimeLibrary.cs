using System.Runtime.InteropServices;
using PatchBench.Generation.LlamaCpp;
using PatchBench.Generation.Onnx.Native;

namespace PatchBench.Generation.Onnx;

/// <summary>The ONNX Runtime shared library could not be found, loaded, or is too old.</summary>
public sealed class OnnxRuntimeLibraryException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>ONNX Runtime refused an operation; the message carries its own error text.</summary>
public sealed class OnnxRuntimeException(string message, int errorCode = 0) : Exception(message)
{
    /// <summary>OrtErrorCode (1 fail, 2 invalid argument, 3 no such file, 7 invalid protobuf, ...).</summary>
    public int ErrorCode { get; } = errorCode;
}

/// <summary>
/// Process-wide loading of <c>libonnxruntime.so</c>: an explicit path (a file or a folder), else
/// <c>$PATCHBENCH_ONNXRUNTIME</c>, else <c>native/onnxruntime/</c> (under $PATCHBENCH_NATIVE_DIR or a
/// native/ folder above the application or the current directory), which scripts/fetch-native.sh fills.
/// A process loads one ONNX Runtime; asking for another file afterwards throws.
/// </summary>
public static class OnnxRuntimeLibrary
{
    /// <summary>Environment variable naming another libonnxruntime.so (e.g. a GPU build) or its folder.</summary>
    public const string EnvironmentVariable = "PATCHBENCH_ONNXRUNTIME";

    private static readonly string[] FileNames = ["libonnxruntime.so.1", "libonnxruntime.so"];
    private static readonly object Gate = new();
    private static (string Path, OrtApiTable Api)? _loaded;

    /// <summary>The loaded library's path, or null before the first load.</summary>
    public static string? LoadedPath => _loaded?.Path;

    /// <summary>The loaded library's version string (OrtGetApiBase()->GetVersionString()).</summary>
    public static string Version(string? library = null) => Load(library).Version;

    /// <summary>Where the library would be loaded from, or an exception saying where it looked.</summary>
    public static string Locate(string? library)
    {
        var looked = new List<string>();
        string? FromCandidate(string candidate)
        {
            if (File.Exists(candidate)) return Path.GetFullPath(candidate);
            foreach (var name in FileNames)
            {
                var file = Path.Combine(candidate, name);
                looked.Add(file);
                if (File.Exists(file)) return Path.GetFullPath(file);
            }
            return null;
        }
        string? found;
        if (!string.IsNullOrEmpty(library))
        {
            found = FromCandidate(library);
            if (found != null) return found;
            throw new OnnxRuntimeLibraryException($"ONNX Runtime library not found at '{library}' (looked for {string.Join(", ", looked.Select(l => $"'{l}'").Prepend($"'{library}'"))}). {SetUpHint}");
        }
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(env))
        {
            found = FromCandidate(env);
            if (found != null) return found;
            throw new OnnxRuntimeLibraryException($"ONNX Runtime library not found at '{env}' (from ${EnvironmentVariable}). {SetUpHint}");
        }
        var natives = new List<string>();
        var nativeEnv = Environment.GetEnvironmentVariable("PATCHBENCH_NATIVE_DIR");
        if (!string.IsNullOrEmpty(nativeEnv)) natives.Add(nativeEnv);
        else
        {
            foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
                for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                    natives.Add(Path.Combine(dir.FullName, "native"));
        }
        foreach (var native in natives.Distinct())
        {
            found = FromCandidate(Path.Combine(native, "onnxruntime"));
            if (found != null) return found;
        }
        var where = !string.IsNullOrEmpty(nativeEnv) ? $"'{Path.Combine(nativeEnv, "onnxruntime")}' (from ${"PATCHBENCH_NATIVE_DIR"})"
            : $"a native/onnxruntime folder above '{AppContext.BaseDirectory}' or '{Environment.CurrentDirectory}'";
        throw new OnnxRuntimeLibraryException($"ONNX Runtime library (libonnxruntime.so.1) not found in {where}. {SetUpHint}");
    }

    private static string SetUpHint =>
        $"Run scripts/fetch-native.sh (it fetches npm onnxruntime-node's CPU library into native/onnxruntime/) or set ${EnvironmentVariable} to a libonnxruntime.so or its folder.";

    /// <summary>Loads the library once per process and reads its API table.</summary>
    internal static OrtApiTable Load(string? library = null)
    {
        lock (Gate)
        {
            if (_loaded is { } loaded)
            {
                if (library == null) return loaded.Api;
                var wanted = Locate(library);
                if (wanted == loaded.Path) return loaded.Api;
                throw new OnnxRuntimeLibraryException($"ONNX Runtime is already loaded from '{loaded.Path}'; a process can load only one (asked for '{wanted}').");
            }
            var path = Locate(library);
            IntPtr handle;
            try
            {
                handle = NativeLibrary.Load(path);
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                throw new OnnxRuntimeLibraryException($"could not load ONNX Runtime from '{path}': {e.Message}", e);
            }
            var api = OrtApiTable.FromLibrary(handle, path);
            _loaded = (path, api);
            return api;
        }
    }
}
