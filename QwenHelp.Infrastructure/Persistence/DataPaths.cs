using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace QwenHelp.Infrastructure.Persistence;

/// <summary>Resolves the configured data folder to absolute paths, once.</summary>
public sealed class DataPaths
{
    public DataPaths(IOptions<StorageOptions> options, IHostEnvironment environment)
    {
        var folder = options.Value.DataFolder;
        DataFolder = Path.GetFullPath(Path.IsPathRooted(folder) ? folder : Path.Combine(environment.ContentRootPath, folder));
        DatabaseFile = Path.Combine(DataFolder, options.Value.DatabaseFile);
    }

    public string DataFolder { get; }

    public string DatabaseFile { get; }

    public string ConnectionString => SqliteConnectionStrings.ForFile(DatabaseFile);
}
