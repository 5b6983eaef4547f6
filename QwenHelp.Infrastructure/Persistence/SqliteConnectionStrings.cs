using Microsoft.Data.Sqlite;

namespace QwenHelp.Infrastructure.Persistence;

public static class SqliteConnectionStrings
{
    /// <summary>
    /// A pooled read-write connection string. The default timeout makes a writer wait for another
    /// writer's lock (SQLite has one writer at a time) instead of failing at once with SQLITE_BUSY.
    /// </summary>
    public static string ForFile(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
        ForeignKeys = true,
    }.ToString();
}
