using Microsoft.Data.Sqlite;

namespace Bosun.Storage.Sqlite;

/// <summary>
/// One pooled read connection and its prepared statements. Every read runs in its own read transaction,
/// so the data, the revision and the compacted revision it reports come from one WAL snapshot.
/// </summary>
internal sealed class ReaderConnection : IDisposable
{
    private const string GetLatestSql =
        "SELECT c.create_revision, c.id, l.value FROM current c JOIN log l ON l.id = c.id WHERE c.key = $key";

    private const string GetAtSql =
        "SELECT create_revision, id, deleted, value FROM log WHERE key = $key AND id <= $rev ORDER BY id DESC LIMIT 1";

    // MAX(id) of an INTEGER PRIMARY KEY is a single b-tree seek. Rows at or below the compacted revision may
    // be gone, so the revision is whichever is larger (see SqliteStore's notes on compaction).
    private const string StateSql =
        "SELECT (SELECT value FROM meta WHERE name = '" + SqliteSchema.CompactedName + "'), (SELECT MAX(id) FROM log)";

    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public ReaderConnection(string connectionString, TimeSpan busyTimeout) =>
        _connection = SqliteSchema.OpenReader(connectionString, busyTimeout);

    public KeyValue? Get(string key, long revision)
    {
        using var transaction = _connection.BeginTransaction(deferred: true);
        if (revision == 0)
        {
            var latest = Command(GetLatestSql, transaction);
            latest.Parameters.AddWithValue("$key", key);
            using var reader = latest.ExecuteReader();
            return reader.Read() ? new KeyValue(key, ReadBlob(reader, 2), reader.GetInt64(0), reader.GetInt64(1)) : null;
        }

        CheckRevision(revision, transaction);
        var command = Command(GetAtSql, transaction);
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$rev", revision);
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read() || reader.GetInt64(2) != 0)
                return null;
            return new KeyValue(key, ReadBlob(reader, 3), reader.GetInt64(0), reader.GetInt64(1));
        }
    }

    public RangeResult Range(RangeRequest request)
    {
        var range = KeyRange.ForPrefix(request.Prefix).From(request.StartKey);
        using var transaction = _connection.BeginTransaction(deferred: true);
        var (revision, compacted) = ReadState(transaction);
        var at = request.Revision;
        if (at != 0)
        {
            if (at > revision)
                throw new FutureRevisionException($"revision {at} is newer than the store's revision {revision}");
            if (at < compacted)
                throw new CompactedException(at, compacted);
        }

        // Reading at the latest revision is the cheap path through `current`; older revisions need the
        // newest log row per key at or below the revision.
        var historic = at != 0 && at < revision;
        var items = historic ? RangeAt(range, at, request.Limit, transaction) : RangeLatest(range, request.Limit, transaction);
        long count = items.Count;
        if (request.Limit > 0 && items.Count >= request.Limit)
            count = historic ? CountAt(range, at, transaction) : CountLatest(range, transaction);
        return new RangeResult(items, at != 0 ? at : revision, count > items.Count, count);
    }

    /// <summary>Log events under <paramref name="range"/> with a revision above <paramref name="afterRevision"/>.</summary>
    public List<StoreEvent> ReadEvents(KeyRange range, long afterRevision, int limit)
    {
        using var transaction = _connection.BeginTransaction(deferred: true);
        var (_, compacted) = ReadState(transaction);
        if (afterRevision < compacted)
            throw new CompactedException(afterRevision, compacted);

        // "+l.key" keeps SQLite from driving this by the key index: the id range is the selective part,
        // and the result must come out in id order anyway.
        var sql = "SELECT l.id, l.key, l.create_revision, l.prev_revision, l.deleted, l.value, p.value " +
            "FROM log l LEFT JOIN log p ON p.id = l.prev_revision WHERE l.id > $after AND " + range.Where("+l.key") +
            " ORDER BY l.id LIMIT $limit";
        var command = Command(sql, transaction);
        command.Parameters.AddWithValue("$after", afterRevision);
        command.Parameters.AddWithValue("$limit", limit);
        range.Bind(command);
        var events = new List<StoreEvent>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetInt64(0);
            var createRevision = reader.GetInt64(2);
            var type = reader.GetInt64(4) != 0 ? StoreEventType.Deleted
                : createRevision == id ? StoreEventType.Created
                : StoreEventType.Updated;
            var value = ReadBlob(reader, 5);
            // A tombstone holds the last value itself; an update's previous value is the row it replaced, which
            // compaction keeps for as long as the update itself can be watched.
            var previous = type switch
            {
                StoreEventType.Created => ReadOnlyMemory<byte>.Empty,
                StoreEventType.Deleted => value,
                _ => reader.IsDBNull(6) ? ReadOnlyMemory<byte>.Empty : ReadBlob(reader, 6),
            };
            events.Add(new StoreEvent(type, reader.GetString(1), id, createRevision, value, previous, reader.GetInt64(3)));
        }

        return events;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
            command.Dispose();
        _connection.Dispose();
    }

    private List<KeyValue> RangeLatest(KeyRange range, int limit, SqliteTransaction transaction)
    {
        var sql = "SELECT c.key, c.create_revision, c.id, l.value FROM current c JOIN log l ON l.id = c.id WHERE " +
            range.Where("c.key") + " ORDER BY c.key LIMIT $limit";
        var command = Command(sql, transaction);
        range.Bind(command);
        command.Parameters.AddWithValue("$limit", limit > 0 ? limit : -1);
        return ReadKeyValues(command);
    }

    private long CountLatest(KeyRange range, SqliteTransaction transaction)
    {
        var command = Command("SELECT COUNT(*) FROM current WHERE " + range.Where("key"), transaction);
        range.Bind(command);
        return (long)command.ExecuteScalar()!;
    }

    private List<KeyValue> RangeAt(KeyRange range, long revision, int limit, SqliteTransaction transaction)
    {
        var sql = "SELECT l.key, l.create_revision, l.id, l.value FROM " +
            "(SELECT MAX(id) AS mid FROM log WHERE " + range.Where("key") + " AND id <= $rev GROUP BY key) m " +
            "JOIN log l ON l.id = m.mid WHERE l.deleted = 0 ORDER BY l.key LIMIT $limit";
        var command = Command(sql, transaction);
        range.Bind(command);
        command.Parameters.AddWithValue("$rev", revision);
        command.Parameters.AddWithValue("$limit", limit > 0 ? limit : -1);
        return ReadKeyValues(command);
    }

    private long CountAt(KeyRange range, long revision, SqliteTransaction transaction)
    {
        var sql = "SELECT COUNT(*) FROM " +
            "(SELECT MAX(id) AS mid FROM log WHERE " + range.Where("key") + " AND id <= $rev GROUP BY key) m " +
            "JOIN log l ON l.id = m.mid WHERE l.deleted = 0";
        var command = Command(sql, transaction);
        range.Bind(command);
        command.Parameters.AddWithValue("$rev", revision);
        return (long)command.ExecuteScalar()!;
    }

    private void CheckRevision(long revision, SqliteTransaction transaction)
    {
        var (current, compacted) = ReadState(transaction);
        if (revision > current)
            throw new FutureRevisionException($"revision {revision} is newer than the store's revision {current}");
        if (revision < compacted)
            throw new CompactedException(revision, compacted);
    }

    private (long Revision, long Compacted) ReadState(SqliteTransaction transaction)
    {
        var command = Command(StateSql, transaction);
        using var reader = command.ExecuteReader();
        reader.Read();
        var compacted = reader.IsDBNull(0) ? 0 : reader.GetInt64(0);
        var maxId = reader.IsDBNull(1) ? 0 : reader.GetInt64(1);
        return (Math.Max(maxId, compacted), compacted);
    }

    private static List<KeyValue> ReadKeyValues(SqliteCommand command)
    {
        var items = new List<KeyValue>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            items.Add(new KeyValue(reader.GetString(0), ReadBlob(reader, 3), reader.GetInt64(1), reader.GetInt64(2)));
        return items;
    }

    private static byte[] ReadBlob(SqliteDataReader reader, int ordinal) => reader.GetFieldValue<byte[]>(ordinal);

    private SqliteCommand Command(string sql, SqliteTransaction transaction)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }

        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }
}
