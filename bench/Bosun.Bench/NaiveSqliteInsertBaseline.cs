using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Bosun.Bench;

/// <summary>
/// What SQLite does without group commit: each writer has its own connection and commits every INSERT in
/// its own transaction (one fsync each), under the same durability settings as the store (WAL, synchronous=FULL).
/// </summary>
internal static class NaiveSqliteInsertBaseline
{
    public static ThroughputResult Run(string path, int writers, TimeSpan duration, byte[] value)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 60 }.ToString();
        using (var setup = Open(connectionString))
        {
            Execute(setup, "PRAGMA journal_mode = WAL;");
            Execute(setup, "CREATE TABLE IF NOT EXISTS kv (id INTEGER PRIMARY KEY, key TEXT NOT NULL, value BLOB NOT NULL); " +
                "CREATE INDEX IF NOT EXISTS kv_key ON kv (key);");
        }

        var latencies = Enumerable.Range(0, writers).Select(_ => new List<long>(4096)).ToArray();
        var stopwatch = Stopwatch.StartNew();
        var deadline = stopwatch.Elapsed + duration;
        // Blocking calls on threads of their own, as 16 independent clients of the database would be.
        var threads = Enumerable.Range(0, writers).Select(w => new Thread(() =>
        {
            using var connection = Open(connectionString);
            Execute(connection, "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 60000;");
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO kv (key, value) VALUES ($key, $value)";
            var keyParameter = insert.Parameters.Add("$key", SqliteType.Text);
            insert.Parameters.AddWithValue("$value", value);
            for (var i = 0; stopwatch.Elapsed < deadline; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using (var transaction = connection.BeginTransaction(deferred: false))
                {
                    insert.Transaction = transaction;
                    keyParameter.Value = $"/registry/bench/w{w}/{i}";
                    insert.ExecuteNonQuery();
                    transaction.Commit();
                }

                latencies[w].Add(Stopwatch.GetTimestamp() - started);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return ThroughputResult.From(latencies, stopwatch.Elapsed);
    }

    private static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
