using System.Runtime.InteropServices;

namespace PatchBench.Generation.Onnx.Native;

/// <summary>An ONNX Runtime object released through its Release* entry of the API table.</summary>
internal sealed class OrtHandle : SafeHandle
{
    private readonly Action<IntPtr> _release;

    public OrtHandle(IntPtr handle, Action<IntPtr> release) : base(IntPtr.Zero, true)
    {
        _release = release;
        SetHandle(handle);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The raw pointer (valid while this handle is not disposed).</summary>
    public IntPtr Pointer => handle;

    protected override bool ReleaseHandle()
    {
        _release(handle);
        return true;
    }
}
