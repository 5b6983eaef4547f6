namespace QwenHelp.Infrastructure.Inference;

/// <summary>Where ONNX Runtime runs a model: the CPU, or an NVIDIA GPU through CUDA.</summary>
public enum ExecutionProvider
{
    Cpu,
    Cuda,
}
