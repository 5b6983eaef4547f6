using System.Runtime.InteropServices;

namespace QwenHelp.Infrastructure.Inference.OnnxRuntime;

/// <summary>
/// Owns one ONNX Runtime object and releases it with the matching Release function of the API table.
/// The runtime (and so the table) outlives every handle: it is never unloaded.
/// </summary>
internal sealed unsafe class OrtHandle : SafeHandle
{
    private readonly delegate* unmanaged<nint, void> _release;

    public OrtHandle(nint handle, delegate* unmanaged<nint, void> release)
        : base(0, ownsHandle: true)
    {
        _release = release;
        SetHandle(handle);
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        _release(handle);
        return true;
    }
}
