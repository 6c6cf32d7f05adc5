using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bosun.Storage.Sqlite;

/// <summary>Opens the embedded SQLite implementation of <see cref="IStore"/>.</summary>
public static class SqliteStoreFactory
{
    /// <summary>
    /// Opens (creating when missing) the store in <see cref="SqliteStoreOptions.Path"/>. Revisions and the
    /// compacted revision continue from what the file holds. Dispose the store to flush and close it.
    /// </summary>
    public static IStore Open(SqliteStoreOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Bosun.Storage.Sqlite.SqliteStore");
        return SqliteStore.Open(options, logger);
    }
}
