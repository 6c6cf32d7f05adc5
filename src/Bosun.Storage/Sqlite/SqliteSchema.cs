using Microsoft.Data.Sqlite;

namespace Bosun.Storage.Sqlite;

/// <summary>The database layout and the settings every connection gets.</summary>
/// <remarks>
/// Like k3s's kine, <c>log</c> is append-only and its row id is the revision. Creates carry
/// <c>create_revision = id</c>; deletes are tombstone rows (<c>deleted = 1</c>) that keep the last
/// value so delete events can carry it. <c>current</c> maps each live key to its newest log row so that
/// latest reads and counts do not have to find MAX(id) per key across history.
/// </remarks>
internal static class SqliteSchema
{
    private const int Version = 1;

    private const string CreateTables = """
        CREATE TABLE IF NOT EXISTS log (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,
            create_revision INTEGER NOT NULL,
            prev_revision INTEGER NOT NULL,
            deleted INTEGER NOT NULL,
            value BLOB NOT NULL
        );
        CREATE INDEX IF NOT EXISTS log_key_id ON log (key, id);
        CREATE TABLE IF NOT EXISTS current (
            key TEXT PRIMARY KEY,
            id INTEGER NOT NULL,
            create_revision INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS meta (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        ) WITHOUT ROWID;
        """;

    /// <summary>The name of the meta row holding the compacted revision.</summary>
    public const string CompactedName = "compacted";

    public static string ConnectionString(SqliteStoreOptions options) => new SqliteConnectionStringBuilder
    {
        DataSource = options.Path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        // We keep our own connections (one writer, a reader pool); the driver's pool would only hide them.
        Pooling = false,
        DefaultTimeout = Math.Max(1, (int)options.BusyTimeout.TotalSeconds),
    }.ToString();

    /// <summary>Opens the writer connection: WAL, full fsync on commit, and the schema in place.</summary>
    public static SqliteConnection OpenWriter(SqliteStoreOptions options)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(options.Path));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);

        var connection = new SqliteConnection(ConnectionString(options));
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds};");
            var mode = Scalar(connection, "PRAGMA journal_mode = WAL;");
            if (!string.Equals(mode as string, "wal", StringComparison.OrdinalIgnoreCase))
                throw new StoreUnavailableException($"cannot put {options.Path} in WAL mode (journal_mode is {mode})");

            // FULL syncs the WAL on every commit: an acknowledged write survives power loss. NORMAL would not.
            Execute(connection, "PRAGMA synchronous = FULL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;");

            var version = Convert.ToInt64(Scalar(connection, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
            if (version > Version)
                throw new StoreUnavailableException($"{options.Path} has schema version {version}; this build knows up to {Version}");
            Execute(connection, CreateTables + $"PRAGMA user_version = {Version};");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens a connection for reads only.</summary>
    public static SqliteConnection OpenReader(string connectionString, TimeSpan busyTimeout)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA query_only = 1; PRAGMA cache_size = -16384;");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
