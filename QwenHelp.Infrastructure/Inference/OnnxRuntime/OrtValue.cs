using System.Runtime.InteropServices;

namespace QwenHelp.Infrastructure.Inference.OnnxRuntime;

/// <summary>A tensor owned by ONNX Runtime (OrtValue): created here or returned by a Run.</summary>
public sealed unsafe class OrtValue : IDisposable
{
    private readonly OrtRuntime _runtime;
    private readonly OrtHandle _handle;
    private long[]? _shape;

    internal OrtValue(OrtRuntime runtime, nint handle)
    {
        _runtime = runtime;
        _handle = new OrtHandle(handle, runtime.Api->ReleaseValue);
    }

    internal nint Handle => _handle.DangerousGetHandle();

    /// <summary>A tensor of <paramref name="shape"/> allocated by ONNX Runtime's CPU allocator (contents undefined).</summary>
    public static OrtValue Create(OrtRuntime runtime, TensorElementType type, ReadOnlySpan<long> shape)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        nint value;
        fixed (long* dims = shape)
        {
            runtime.Check(runtime.Api->CreateTensorAsOrtValue(runtime.Allocator, dims, (nuint)shape.Length, type, &value));
        }

        return new OrtValue(runtime, value) { _shape = shape.ToArray() };
    }

    /// <summary>A tensor holding a copy of <paramref name="data"/>.</summary>
    public static OrtValue FromData<T>(OrtRuntime runtime, ReadOnlySpan<T> data, ReadOnlySpan<long> shape) where T : unmanaged
    {
        var value = Create(runtime, ElementTypeOf<T>(), shape);
        var target = value.GetSpan<T>();
        if (target.Length != data.Length)
        {
            value.Dispose();
            throw new ArgumentException($"A tensor of shape [{string.Join(", ", shape.ToArray())}] holds {target.Length} elements, not {data.Length}.", nameof(data));
        }

        data.CopyTo(target);
        return value;
    }

    /// <summary>The tensor's dimensions.</summary>
    public IReadOnlyList<long> Shape => _shape ??= ReadShape();

    /// <summary>Number of elements (product of the dimensions).</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (var d in Shape)
            {
                count *= d;
            }

            return count;
        }
    }

    /// <summary>The tensor's memory, without a copy. Valid while this value lives.</summary>
    public Span<T> GetSpan<T>() where T : unmanaged
    {
        void* data;
        _runtime.Check(_runtime.Api->GetTensorMutableData(Handle, &data));
        return new Span<T>(data, checked((int)ElementCount));
    }

    private long[] ReadShape()
    {
        nint info;
        _runtime.Check(_runtime.Api->GetTensorTypeAndShape(Handle, &info));
        try
        {
            nuint count;
            _runtime.Check(_runtime.Api->GetDimensionsCount(info, &count));
            var dims = new long[(int)count];
            fixed (long* d = dims)
            {
                _runtime.Check(_runtime.Api->GetDimensions(info, d, count));
            }

            return dims;
        }
        finally
        {
            _runtime.Api->ReleaseTensorTypeAndShapeInfo(info);
        }
    }

    internal static TensorElementType ElementTypeOf<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? TensorElementType.Float
        : typeof(long) == typeof(T) ? TensorElementType.Int64
        : typeof(int) == typeof(T) ? TensorElementType.Int32
        : typeof(Half) == typeof(T) ? TensorElementType.Float16
        : typeof(byte) == typeof(T) ? TensorElementType.UInt8
        : throw new NotSupportedException($"No ONNX tensor type for {typeof(T).Name}.");

    public void Dispose() => _handle.Dispose();
}

/// <summary>One input or output of a model: its name, element type and dimensions (-1 where symbolic, with the symbol's name).</summary>
public sealed record OrtNodeInfo(string Name, TensorElementType ElementType, IReadOnlyList<long> Dimensions, IReadOnlyList<string> SymbolicDimensions)
{
    public override string ToString() =>
        $"{Name}: {ElementType} [{string.Join(", ", Dimensions.Select((d, i) => d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : SymbolicDimensions[i] is { Length: > 0 } s ? s : "?"))}]";
}

internal static class Utf8
{
    /// <summary>A NUL-terminated UTF-8 copy in unmanaged memory; free with <see cref="Marshal.FreeHGlobal"/>.</summary>
    public static nint Alloc(string text) => Marshal.StringToCoTaskMemUTF8(text);

    public static void Free(nint text) => Marshal.ZeroFreeCoTaskMemUTF8(text);
}
