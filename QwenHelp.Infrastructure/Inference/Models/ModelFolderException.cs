namespace QwenHelp.Infrastructure.Inference.Models;

/// <summary>A model folder that is incomplete or inconsistent; the message names the file and the field.</summary>
public sealed class ModelFolderException : Exception
{
    public ModelFolderException()
    {
    }

    public ModelFolderException(string message)
        : base(message)
    {
    }

    public ModelFolderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ModelFolderException(string folder, string file, string field, string problem, Exception? inner = null)
        : base($"Model folder '{folder}': {file}{(field.Length > 0 ? " " + field : "")}: {problem}", inner)
    {
        File = file;
        Field = field;
    }

    /// <summary>The file at fault (e.g. genai_config.json).</summary>
    public string File { get; } = "";

    /// <summary>The field at fault (e.g. model.decoder.num_key_value_heads), or empty.</summary>
    public string Field { get; } = "";
}
