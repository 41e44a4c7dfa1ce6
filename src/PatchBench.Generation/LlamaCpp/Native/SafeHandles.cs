using System.Runtime.InteropServices;

namespace PatchBench.Generation.LlamaCpp.Native;

/// <summary>Owns a llama_model*; frees it with llama_model_free.</summary>
internal sealed class SafeLlamaModelHandle : SafeHandle
{
    public SafeLlamaModelHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    internal SafeLlamaModelHandle(IntPtr model) : this() => SetHandle(model);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        LlamaNative.llama_model_free(handle);
        return true;
    }
}

/// <summary>Owns a llama_context*; frees it with llama_free. Keeps its model alive.</summary>
internal sealed class SafeLlamaContextHandle : SafeHandle
{
    private SafeLlamaModelHandle? _model;

    public SafeLlamaContextHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    internal SafeLlamaContextHandle(IntPtr context, SafeLlamaModelHandle model) : this()
    {
        SetHandle(context);
        // A context points into its model's tensors: the model must outlive it.
        var added = false;
        model.DangerousAddRef(ref added);
        _model = model;
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        LlamaNative.llama_free(handle);
        _model?.DangerousRelease();
        _model = null;
        return true;
    }
}

/// <summary>Owns a llama_sampler* (a chain owns the samplers added to it); frees it with llama_sampler_free.</summary>
internal sealed class SafeLlamaSamplerHandle : SafeHandle
{
    public SafeLlamaSamplerHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    internal SafeLlamaSamplerHandle(IntPtr sampler) : this() => SetHandle(sampler);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        LlamaNative.llama_sampler_free(handle);
        return true;
    }
}
