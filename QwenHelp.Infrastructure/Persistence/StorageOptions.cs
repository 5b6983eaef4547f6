using System.ComponentModel.DataAnnotations;

namespace QwenHelp.Infrastructure.Persistence;

/// <summary>Where QwenHelp keeps its data. Bound from <c>QwenHelp:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "QwenHelp:Storage";

    /// <summary>The data folder; a relative path is taken from the content root. Created when missing.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataFolder { get; set; } = "data";

    /// <summary>The SQLite database file name inside <see cref="DataFolder"/>.</summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression(@"^[^/\\]+$", ErrorMessage = "QwenHelp:Storage:DatabaseFile must be a file name, not a path.")]
    public string DatabaseFile { get; set; } = "qwenhelp.db";
}
