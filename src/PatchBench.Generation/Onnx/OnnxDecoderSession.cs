using PatchBench.Generation.Onnx.Native;

namespace PatchBench.Generation.Onnx;

/// <summary>
/// One ONNX Runtime session over a GenAI-layout decoder, with its KV cache: each
/// <see cref="Forward"/> feeds the tokens at the next positions together with the cache of the
/// tokens before them (the "past" inputs) and keeps the "present" outputs as the next past, so no
/// token is ever recomputed. Not thread-safe; the generator serialises requests.
/// </summary>
internal sealed unsafe class OnnxDecoderSession : IDisposable
{
    private static readonly object EnvGate = new();
    private static OrtHandle? _env;

    private readonly OrtApiTable _api;
    private readonly OrtHandle _session;
    private readonly OnnxModelFolder _folder;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly IntPtr[] _inputNamePtrs;
    private readonly IntPtr[] _outputNamePtrs;
    private readonly IntPtr[] _past;

    /// <summary>Creates the session (threads and execution provider as asked).</summary>
    public OnnxDecoderSession(OnnxModelFolder folder, OnnxOptions options)
    {
        _folder = folder;
        _api = OnnxRuntimeLibrary.Load(options.Library);
        var env = Environment();
        Threads = options.Threads > 0 ? options.Threads
            : folder.Config.Model?.Decoder?.SessionOptions?.IntraOpNumThreads is > 0 and var t ? t : OnnxOptions.DefaultThreads;
        using var sessionOptions = new OrtHandle(_api.CreateSessionOptions(), _api.ReleaseSessionOptions);
        _api.SetIntraOpNumThreads(sessionOptions.Pointer, Threads);
        _api.SetInterOpNumThreads(sessionOptions.Pointer, 1);
        _api.SetGraphOptimizationLevel(sessionOptions.Pointer, options.GraphOptimizationLevel);
        if (options.Device == OnnxDevice.Cuda)
        {
            var providers = _api.AvailableProviders();
            if (!providers.Contains("CUDAExecutionProvider"))
            {
                throw new OnnxRuntimeLibraryException(
                    $"this ONNX Runtime ({_api.Version} at '{OnnxRuntimeLibrary.LoadedPath}') has no CUDA provider (it offers {string.Join(", ", providers)}); " +
                    $"point ${OnnxRuntimeLibrary.EnvironmentVariable} at a GPU build, see docs/onnx.md");
            }
            try
            {
                _api.AppendCudaProvider(sessionOptions.Pointer, options.DeviceId);
            }
            catch (OnnxRuntimeException e)
            {
throw new OnnxRuntimeLibraryException(
                    $"this ONNX Runtime ({_api.Version} at '{OnnxRuntimeLibrary.LoadedPath}') has no CUDA provider ({e.Message}); " +
                    $"point ${OnnxRuntimeLibrary.EnvironmentVariable} at a GPU build (libonnxruntime.so.1 with libonnxruntime_providers_cuda.so and " +
                    "libonnxruntime_providers_shared.so beside it, CUDA 12 and cuDNN 9 installed), see docs/onnx.md", e);
            }
        }
        try
        {
            _session = new OrtHandle(_api.CreateSession(env, folder.DecoderPath, sessionOptions.Pointer), _api.ReleaseSession);
        }
        catch (OnnxRuntimeException e)
        {
            throw new OnnxModelFolderException($"{folder.DecoderPath}: ONNX Runtime cannot load it as an ONNX model: {e.Message}", e);
        }

        var declaredInputs = Enumerable.Range(0, _api.SessionInputCount(_session.Pointer)).Select(i => _api.SessionInputName(_session.Pointer, i)).ToHashSet();
        var declaredOutputs = Enumerable.Range(0, _api.SessionOutputCount(_session.Pointer)).Select(i => _api.SessionOutputName(_session.Pointer, i)).ToHashSet();
        var inputs = new List<string> { folder.InputIdsName, folder.AttentionMaskName };
        if (folder.PositionIdsName is { } pos && declaredInputs.Contains(pos)) inputs.Add(pos);
        var outputs = new List<string> { folder.LogitsName };
        for (var l = 0; l < folder.Layers; l++)
        {
            inputs.Add(OnnxModelFolder.LayerName(folder.PastKeyNames, l));
            inputs.Add(OnnxModelFolder.LayerName(folder.PastValueNames, l));
            outputs.Add(OnnxModelFolder.LayerName(folder.PresentKeyNames, l));
            outputs.Add(OnnxModelFolder.LayerName(folder.PresentValueNames, l));
        }
        foreach (var name in inputs.Where(n => !declaredInputs.Contains(n)))
            throw new OnnxModelFolderException($"{Path.Combine(folder.Directory, OnnxModelFolder.ConfigFileName)}: input '{name}' is not an input of {folder.DecoderPath} (it has {string.Join(", ", declaredInputs.Order())})");
        foreach (var name in outputs.Where(n => !declaredOutputs.Contains(n)))
            throw new OnnxModelFolderException($"{Path.Combine(folder.Directory, OnnxModelFolder.ConfigFileName)}: output '{name}' is not an output of {folder.DecoderPath} (it has {string.Join(", ", declaredOutputs.Order())})");
        _inputNames = [.. inputs];
        _outputNames = [.. outputs];
        _inputNamePtrs = _inputNames.Select(n => System.Runtime.InteropServices.Marshal.StringToCoTaskMemUTF8(n)).ToArray();
        _outputNamePtrs = _outputNames.Select(n => System.Runtime.InteropServices.Marshal.StringToCoTaskMemUTF8(n)).ToArray();
        _past = new IntPtr[2 * folder.Layers];
        Reset();
    }

    /// <summary>Intra-op threads of the session.</summary>
    public int Threads { get; }

    /// <summary>Tokens held in the KV cache.</summary>
    public int CachedTokens { get; private set; }

    /// <summary>ONNX Runtime's version string.</summary>
    public string RuntimeVersion => _api.Version;

    private IntPtr Environment()
    {
        lock (EnvGate)
        {
            _env ??= new OrtHandle(_api.CreateEnv(4, "patchbench"), _api.ReleaseEnv); // ORT_LOGGING_LEVEL_FATAL: errors come back as statuses
            return _env.Pointer;
        }
    }

    /// <summary>Empties the KV cache (the next token is at position 0).</summary>
    public void Reset()
    {
        ReleasePast();
        for (var i = 0; i < _past.Length; i++) _past[i] = _api.CreateTensor([1, _folder.KvHeads, 0, _folder.HeadSize], OrtElementType.Float);
        CachedTokens = 0;
    }

    /// <summary>
    /// Runs <paramref name="tokens"/> at positions CachedTokens.. in one batch and returns their logits:
    /// every row ([tokens × vocabulary]) when <paramref name="allRows"/>, else only the last row.
    /// </summary>
    public float[] Forward(ReadOnlySpan<int> tokens, bool allRows)
    {
        if (tokens.Length == 0) throw new ArgumentException("nothing to decode");
        var s = tokens.Length;
        var total = CachedTokens + s;
        var inputs = new IntPtr[_inputNames.Length];
        var outputs = new IntPtr[_outputNames.Length];
        var created = 0;
        try
        {
            inputs[0] = _api.CreateTensor([1, s], OrtElementType.Int64);
            var ids = (long*)_api.TensorData(inputs[0]);
            for (var i = 0; i < s; i++) ids[i] = tokens[i];
            inputs[1] = _api.CreateTensor([1, total], OrtElementType.Int64);
            var mask = (long*)_api.TensorData(inputs[1]);
            for (var i = 0; i < total; i++) mask[i] = 1;
            created = 2;
            var next = 2;
            if (_inputNames.Length - 2 * _folder.Layers == 3)
            {
                inputs[2] = _api.CreateTensor([1, s], OrtElementType.Int64);
                var pos = (long*)_api.TensorData(inputs[2]);
                for (var i = 0; i < s; i++) pos[i] = CachedTokens + i;
                created = next = 3;
            }
            for (var i = 0; i < _past.Length; i++) inputs[next + i] = _past[i];
            fixed (IntPtr* inNames = _inputNamePtrs, outNames = _outputNamePtrs, ins = inputs, outs = outputs)
            {
                _api.Run(_session.Pointer, inNames, ins, inputs.Length, outNames, outputs.Length, outs);
            }
            var (_, shape) = _api.TensorTypeAndShape(outputs[0]);
            var vocab = (int)shape[^1];
            var rows = allRows ? s : 1;
            var result = new float[rows * vocab];
            var data = (float*)_api.TensorData(outputs[0]);
            new ReadOnlySpan<float>(data + (long)(s - rows) * vocab, result.Length).CopyTo(result);
            // The presents become the past: release the old past, keep the new values.
            ReleasePast();
            for (var i = 0; i < _past.Length; i++) { _past[i] = outputs[1 + i]; outputs[1 + i] = IntPtr.Zero; }
            CachedTokens = total;
            return result;
        }
        finally
        {
            for (var i = 0; i < created; i++) if (inputs[i] != IntPtr.Zero) _api.ReleaseValue(inputs[i]);
            foreach (var o in outputs) if (o != IntPtr.Zero) _api.ReleaseValue(o);
        }
    }

    private void ReleasePast()
    {
        for (var i = 0; i < _past.Length; i++)
        {
            if (_past[i] != IntPtr.Zero) _api.ReleaseValue(_past[i]);
            _past[i] = IntPtr.Zero;
        }
    }

    public void Dispose()
    {
        ReleasePast();
        _session.Dispose();
        foreach (var p in _inputNamePtrs.Concat(_outputNamePtrs)) System.Runtime.InteropServices.Marshal.FreeCoTaskMem(p);
    }
}
