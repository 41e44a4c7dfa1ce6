using System.Runtime.InteropServices;

namespace PatchBench.Generation.Onnx.Native;

/// <summary>
/// Positions of the entries of ONNX Runtime's <c>OrtApi</c> function table that this binding uses.
/// The table is append-only across releases (onnxruntime_c_api.h: "new functions are added at the
/// end"), so these indices hold for every version at or above <see cref="OrtApiTable.RequestedVersion"/>.
/// They count <c>OrtApi</c>'s members in declaration order, starting at CreateStatus = 0.
/// </summary>
internal static class OrtApiIndex
{
    public const int CreateStatus = 0;
    public const int GetErrorCode = 1;
    public const int GetErrorMessage = 2;
    public const int CreateEnv = 3;
    public const int CreateSession = 7;
    public const int Run = 9;
    public const int CreateSessionOptions = 10;
    public const int SetSessionGraphOptimizationLevel = 23;
    public const int SetIntraOpNumThreads = 24;
    public const int SetInterOpNumThreads = 25;
    public const int SessionGetInputCount = 30;
    public const int SessionGetOutputCount = 31;
    public const int SessionGetInputName = 36;
    public const int SessionGetOutputName = 37;
    public const int CreateTensorAsOrtValue = 48;
    public const int CreateTensorWithDataAsOrtValue = 49;
    public const int GetTensorMutableData = 51;
    public const int GetTensorElementType = 60;
    public const int GetDimensionsCount = 61;
    public const int GetDimensions = 62;
    public const int GetTensorTypeAndShape = 65;
    public const int CreateCpuMemoryInfo = 69;
    public const int AllocatorFree = 76;
    public const int GetAllocatorWithDefaultOptions = 78;
    public const int ReleaseEnv = 92;
    public const int ReleaseStatus = 93;
    public const int ReleaseMemoryInfo = 94;
    public const int ReleaseSession = 95;
    public const int ReleaseValue = 96;
    public const int ReleaseTensorTypeAndShapeInfo = 99;
    public const int ReleaseSessionOptions = 100;
    public const int GetAvailableProviders = 125;
    public const int ReleaseAvailableProviders = 126;
    public const int AddSessionConfigEntry = 130;
    public const int SessionOptionsAppendExecutionProvider_CUDA_V2 = 204;
    public const int CreateCUDAProviderOptions = 205;
    public const int ReleaseCUDAProviderOptions = 208;
}

/// <summary>ONNXTensorElementDataType values used here.</summary>
internal enum OrtElementType
{
    Float = 1,
    Int32 = 6,
    Int64 = 7,
    Float16 = 10,
}

/// <summary>
/// The ONNX Runtime C API as typed function pointers read from the table
/// <c>OrtGetApiBase()-&gt;GetApi(RequestedVersion)</c> returns. Every OrtStatus-returning call is
/// wrapped so a non-null status becomes an <see cref="OnnxRuntimeException"/> with ORT's message.
/// </summary>
internal sealed unsafe class OrtApiTable
{
    /// <summary>The API version asked for: 17 is ONNX Runtime 1.17, the oldest release this binding accepts.</summary>
    public const uint RequestedVersion = 17;

    private readonly IntPtr* _t;

    private OrtApiTable(IntPtr* table, string version)
    {
        _t = table;
        Version = version;
    }

    /// <summary>OrtGetApiBase()->GetVersionString(), e.g. "1.30.0".</summary>
    public string Version { get; }

    /// <summary>Reads the table from a loaded library handle; throws when the library is older than <see cref="RequestedVersion"/>.</summary>
    public static OrtApiTable FromLibrary(IntPtr library, string path)
    {
        if (!NativeLibrary.TryGetExport(library, "OrtGetApiBase", out var getApiBase))
        {
            throw new OnnxRuntimeLibraryException($"'{path}' is not ONNX Runtime: it exports no OrtGetApiBase");
        }
        var apiBase = ((delegate* unmanaged[Cdecl]<IntPtr*>)getApiBase)();
        // struct OrtApiBase { const OrtApi* (*GetApi)(uint32_t); const char* (*GetVersionString)(void); }
        var getApi = (delegate* unmanaged[Cdecl]<uint, IntPtr*>)apiBase[0];
        var getVersion = (delegate* unmanaged[Cdecl]<IntPtr>)apiBase[1];
        var version = Marshal.PtrToStringUTF8(getVersion()) ?? "?";
        var table = getApi(RequestedVersion);
        if (table == null)
        {
            throw new OnnxRuntimeLibraryException(
                $"ONNX Runtime {version} at '{path}' is too old: this backend needs C API version {RequestedVersion} (ONNX Runtime 1.{RequestedVersion} or newer)");
        }
        return new OrtApiTable(table, version);
    }

    private IntPtr this[int index] => _t[index];

    /// <summary>Throws with ORT's message when <paramref name="status"/> is not null (and releases it).</summary>
    public void Check(IntPtr status, string what)
    {
        if (status == IntPtr.Zero) return;
        var message = Marshal.PtrToStringUTF8(((delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)this[OrtApiIndex.GetErrorMessage])(status)) ?? "";
        var code = ErrorCode(status);
        ReleaseStatus(status);
        throw new OnnxRuntimeException($"ONNX Runtime failed to {what}: {message}", code);
    }

    public IntPtr CreateStatus(int code, string message)
    {
        var bytes = Utf8(message);
        fixed (byte* m = bytes) return ((delegate* unmanaged[Cdecl]<int, byte*, IntPtr>)this[OrtApiIndex.CreateStatus])(code, m);
    }

    public int ErrorCode(IntPtr status) => ((delegate* unmanaged[Cdecl]<IntPtr, int>)this[OrtApiIndex.GetErrorCode])(status);

    public string? ErrorMessage(IntPtr status) =>
        Marshal.PtrToStringUTF8(((delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)this[OrtApiIndex.GetErrorMessage])(status));

    public void ReleaseStatus(IntPtr status) => ((delegate* unmanaged[Cdecl]<IntPtr, void>)this[OrtApiIndex.ReleaseStatus])(status);

    public IntPtr CreateEnv(int logLevel, string logId)
    {
        IntPtr env;
        var id = Utf8(logId);
        fixed (byte* p = id) Check(((delegate* unmanaged[Cdecl]<int, byte*, IntPtr*, IntPtr>)this[OrtApiIndex.CreateEnv])(logLevel, p, &env), "create an environment");
        return env;
    }

    public IntPtr CreateSessionOptions()
    {
        IntPtr options;
        Check(((delegate* unmanaged[Cdecl]<IntPtr*, IntPtr>)this[OrtApiIndex.CreateSessionOptions])(&options), "create session options");
        return options;
    }

    public void SetIntraOpNumThreads(IntPtr options, int threads) =>
        Check(((delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr>)this[OrtApiIndex.SetIntraOpNumThreads])(options, threads), "set the intra-op thread count");

    public void SetInterOpNumThreads(IntPtr options, int threads) =>
        Check(((delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr>)this[OrtApiIndex.SetInterOpNumThreads])(options, threads), "set the inter-op thread count");

    /// <summary>GraphOptimizationLevel: 0 disable all, 1 basic, 2 extended, 99 all.</summary>
    public void SetGraphOptimizationLevel(IntPtr options, int level) =>
        Check(((delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr>)this[OrtApiIndex.SetSessionGraphOptimizationLevel])(options, level), "set the graph optimization level");

    public void AddSessionConfigEntry(IntPtr options, string key, string value)
    {
        var k = Utf8(key);
        var v = Utf8(value);
        fixed (byte* pk = k, pv = v)
            Check(((delegate* unmanaged[Cdecl]<IntPtr, byte*, byte*, IntPtr>)this[OrtApiIndex.AddSessionConfigEntry])(options, pk, pv), $"set session option {key}={value}");
    }

    /// <summary>Appends the CUDA execution provider (OrtCUDAProviderOptionsV2 with device_id set).</summary>
    public void AppendCudaProvider(IntPtr options, int deviceId)
    {
        IntPtr cuda;
        Check(((delegate* unmanaged[Cdecl]<IntPtr*, IntPtr>)this[OrtApiIndex.CreateCUDAProviderOptions])(&cuda), "create CUDA provider options");
        try
        {
            Check(((delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr>)this[OrtApiIndex.SessionOptionsAppendExecutionProvider_CUDA_V2])(options, cuda),
                $"add the CUDA execution provider (device {deviceId})");
        }
        finally
        {
            ((delegate* unmanaged[Cdecl]<IntPtr, void>)this[OrtApiIndex.ReleaseCUDAProviderOptions])(cuda);
        }
    }

    public IReadOnlyList<string> AvailableProviders()
    {
        IntPtr* names;
        int count;
        Check(((delegate* unmanaged[Cdecl]<IntPtr**, int*, IntPtr>)this[OrtApiIndex.GetAvailableProviders])(&names, &count), "list execution providers");
        var result = new List<string>(count);
        for (var i = 0; i < count; i++) result.Add(Marshal.PtrToStringUTF8(names[i]) ?? "");
        Check(((delegate* unmanaged[Cdecl]<IntPtr*, int, IntPtr>)this[OrtApiIndex.ReleaseAvailableProviders])(names, count), "release the provider list");
        return result;
    }

    public IntPtr CreateSession(IntPtr env, string modelPath, IntPtr options)
    {
        IntPtr session;
        var path = Utf8(modelPath);
        fixed (byte* p = path)
            Check(((delegate* unmanaged[Cdecl]<IntPtr, byte*, IntPtr, IntPtr*, IntPtr>)this[OrtApiIndex.CreateSession])(env, p, options, &session),
                $"load the model '{modelPath}'");
        return session;
    }

    public int SessionInputCount(IntPtr session)
    {
        nuint n;
        Check(((delegate* unmanaged[Cdecl]<IntPtr, nuint*, IntPtr>)this[OrtApiIndex.SessionGetInputCount])(session, &n), "count the model's inputs");
        return (int)n;
    }

    public int SessionOutputCount(IntPtr session)
    {
        nuint n;
        Check(((delegate* unmanaged[Cdecl]<IntPtr, nuint*, IntPtr>)this[OrtApiIndex.SessionGetOutputCount])(session, &n), "count the model's outputs");
        return (int)n;
    }

    public string SessionInputName(IntPtr session, int index) => SessionName(session, index, OrtApiIndex.SessionGetInputName);

    public string SessionOutputName(IntPtr session, int index) => SessionName(session, index, OrtApiIndex.SessionGetOutputName);

    private string SessionName(IntPtr session, int index, int entry)
    {
        IntPtr allocator, name;
        Check(((delegate* unmanaged[Cdecl]<IntPtr*, IntPtr>)this[OrtApiIndex.GetAllocatorWithDefaultOptions])(&allocator), "get the default allocator");
        Check(((delegate* unmanaged[Cdecl]<IntPtr, nuint, IntPtr, IntPtr*, IntPtr>)this[entry])(session, (nuint)index, allocator, &name), "read a model input/output name");
        try
        {
            return Marshal.PtrToStringUTF8(name) ?? "";
        }
        finally
        {
            Check(((delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr>)this[OrtApiIndex.AllocatorFree])(allocator, name), "free a name");
        }
    }

    /// <summary>OrtArenaAllocator (1), OrtMemTypeDefault (0).</summary>
    public IntPtr CreateCpuMemoryInfo()
    {
        IntPtr info;
        Check(((delegate* unmanaged[Cdecl]<int, int, IntPtr*, IntPtr>)this[OrtApiIndex.CreateCpuMemoryInfo])(1, 0, &info), "create CPU memory info");
        return info;
    }

    /// <summary>A tensor over caller-owned memory (which must stay pinned while the value lives).</summary>
    public IntPtr CreateTensorWithData(IntPtr memoryInfo, void* data, long bytes, ReadOnlySpan<long> shape, OrtElementType type)
    {
        IntPtr value;
        fixed (long* s = shape)
            Check(((delegate* unmanaged[Cdecl]<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr>)this[OrtApiIndex.CreateTensorWithDataAsOrtValue])(
                memoryInfo, data, (nuint)bytes, s, (nuint)shape.Length, (int)type, &value), "create an input tensor");
        return value;
    }

    /// <summary>A tensor ORT allocates (with the default allocator).</summary>
    public IntPtr CreateTensor(ReadOnlySpan<long> shape, OrtElementType type)
    {
        IntPtr allocator, value;
        Check(((delegate* unmanaged[Cdecl]<IntPtr*, IntPtr>)this[OrtApiIndex.GetAllocatorWithDefaultOptions])(&allocator), "get the default allocator");
        fixed (long* s = shape)
            Check(((delegate* unmanaged[Cdecl]<IntPtr, long*, nuint, int, IntPtr*, IntPtr>)this[OrtApiIndex.CreateTensorAsOrtValue])(
                allocator, s, (nuint)shape.Length, (int)type, &value), "create a tensor");
        return value;
    }

    public void* TensorData(IntPtr value)
    {
        void* data;
        Check(((delegate* unmanaged[Cdecl]<IntPtr, void**, IntPtr>)this[OrtApiIndex.GetTensorMutableData])(value, &data), "read a tensor's data");
        return data;
    }

    public (OrtElementType Type, long[] Shape) TensorTypeAndShape(IntPtr value)
    {
        IntPtr info;
        Check(((delegate* unmanaged[Cdecl]<IntPtr, IntPtr*, IntPtr>)this[OrtApiIndex.GetTensorTypeAndShape])(value, &info), "read a tensor's shape");
        try
        {
            int type;
            nuint count;
            Check(((delegate* unmanaged[Cdecl]<IntPtr, int*, IntPtr>)this[OrtApiIndex.GetTensorElementType])(info, &type), "read a tensor's element type");
            Check(((delegate* unmanaged[Cdecl]<IntPtr, nuint*, IntPtr>)this[OrtApiIndex.GetDimensionsCount])(info, &count), "read a tensor's rank");
            var shape = new long[(int)count];
            fixed (long* s = shape)
                Check(((delegate* unmanaged[Cdecl]<IntPtr, long*, nuint, IntPtr>)this[OrtApiIndex.GetDimensions])(info, s, count), "read a tensor's dimensions");
            return ((OrtElementType)type, shape);
        }
        finally
        {
            ((delegate* unmanaged[Cdecl]<IntPtr, void>)this[OrtApiIndex.ReleaseTensorTypeAndShapeInfo])(info);
        }
    }

    /// <summary>Runs the session; <paramref name="outputs"/> receives new values (owned by the caller).</summary>
    public void Run(IntPtr session, IntPtr* inputNames, IntPtr* inputs, int inputCount, IntPtr* outputNames, int outputCount, IntPtr* outputs) =>
        Check(((delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr*, IntPtr*, nuint, IntPtr*, nuint, IntPtr*, IntPtr>)this[OrtApiIndex.Run])(
            session, IntPtr.Zero, inputNames, inputs, (nuint)inputCount, outputNames, (nuint)outputCount, outputs), "run the decoder");

    public void ReleaseEnv(IntPtr p) => ((delegate* unmanaged[Cdecl]<IntPtr, void>)this[OrtApiIndex.ReleaseEnv])(p);
    public void ReleaseSession(IntPtr p) => ((delegate* unmanaged[Cdecl]<IntPtr, void>)this[OrtApiIndex.ReleaseSession])(p);
    public void ReleaseSessionOptions(IntPtr p) => ((delegate* unmanaged[Cdecl]<IntPtr, void>)this[OrtApiIndex.ReleaseSessionOptions])(p);
    public void ReleaseValue(IntPtr p) => ((delegate* unmanaged[Cdecl]<IntPtr, void>)this[OrtApiIndex.ReleaseValue])(p);
    public void ReleaseMemoryInfo(IntPtr p) => ((delegate* unmanaged[Cdecl]<IntPtr, void>)this[OrtApiIndex.ReleaseMemoryInfo])(p);

    private static byte[] Utf8(string s)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(s) + 1];
        System.Text.Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }
}
