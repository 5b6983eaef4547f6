namespace QwenHelp.Infrastructure.Persistence;

/// <summary>
/// Which database QwenHelp keeps its data in. Bound from <c>QwenHelp:Database</c>; the connection
/// string of a server database comes from <c>ConnectionStrings:QwenHelp</c> (checked by <see cref="DatabaseOptionsValidator"/>).
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "QwenHelp:Database";

    public const string ProviderKey = Section + ":Provider";

    public const string ConnectionStringName = "QwenHelp";

    public const string ConnectionStringKey = "ConnectionStrings:" + ConnectionStringName;

    /// <summary><c>Sqlite</c> (the default: a file in the data folder), <c>PostgreSQL</c> or <c>SqlServer</c>.</summary>
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    /// <summary>From <c>ConnectionStrings:QwenHelp</c>; required by the server databases, not used by SQLite (its file is in the data folder).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The provider, once <see cref="DatabaseOptionsValidator"/> has accepted the name.</summary>
    public DatabaseProvider Kind => Enum.Parse<DatabaseProvider>(Provider, ignoreCase: true);
}

/// <summary>The databases QwenHelp has migrations for.</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSQL,
    SqlServer,
}
