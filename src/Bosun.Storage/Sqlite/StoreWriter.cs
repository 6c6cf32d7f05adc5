using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Bosun.Storage.Sqlite;

/// <summary>
/// The only writer of the database. A dedicated thread takes every request queued while the previous
/// transaction was committing and applies them in one transaction (group commit): each successful change
/// gets the next revision, preconditions see the effects of earlier requests in the same batch, and the
/// one fsync of the commit is shared by the whole batch. Outcomes are reported, and events published to
/// watchers, only after the commit.
/// </summary>
internal sealed class StoreWriter : IDisposable
{
    // An object, not a Lock: the writer thread sleeps on it with Monitor.Wait.
    private readonly object _lock = new();
    private readonly Queue<WriteRequest> _queue = new();
    private readonly SqliteConnection _connection;
    private readonly WatchBroadcaster _broadcaster;
    private readonly ILogger _logger;
    private readonly int _maxBatchSize;
    private readonly int _compactionChunkSize;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<StoreEvent> _events = [];

    private readonly SqliteCommand _lookup;
    private readonly SqliteCommand _exists;
    private readonly SqliteCommand _insertLog;
    private readonly SqliteCommand _insertCurrent;
    private readonly SqliteCommand _updateCurrent;
    private readonly SqliteCommand _deleteCurrent;
    private readonly SqliteCommand _setCompacted;
    private readonly SqliteCommand _minId;
    private readonly SqliteCommand _chunkEnd;
    private readonly SqliteCommand _compactChunk;
    private readonly SqliteCommand[] _all;

    private long _revision;
    private long _compacted;
    private bool _closed;

    public StoreWriter(SqliteConnection connection, WatchBroadcaster broadcaster, SqliteStoreOptions options, ILogger logger)
    {
        _connection = connection;
        _broadcaster = broadcaster;
        _logger = logger;
        _maxBatchSize = Math.Max(1, options.MaxBatchSize);
        _compactionChunkSize = Math.Max(1, options.CompactionChunkSize);

        _lookup = Prepare("SELECT c.id, c.create_revision, l.value FROM current c JOIN log l ON l.id = c.id WHERE c.key = $key", "$key");
        _exists = Prepare("SELECT 1 FROM current WHERE key = $key", "$key");
        _insertLog = Prepare(
            "INSERT INTO log (id, key, create_revision, prev_revision, deleted, value) VALUES ($id, $key, $create, $prev, $deleted, $value)",
            "$id", "$key", "$create", "$prev", "$deleted", "$value");
        _insertCurrent = Prepare("INSERT INTO current (key, id, create_revision) VALUES ($key, $id, $create)", "$key", "$id", "$create");
        _updateCurrent = Prepare("UPDATE current SET id = $id WHERE key = $key", "$key", "$id");
        _deleteCurrent = Prepare("DELETE FROM current WHERE key = $key", "$key");
        _setCompacted = Prepare(
            "INSERT INTO meta (name, value) VALUES ('" + SqliteSchema.CompactedName + "', $rev) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            "$rev");
        _minId = Prepare("SELECT MIN(id) FROM log");
        _chunkEnd = Prepare("SELECT id FROM log WHERE id >= $start ORDER BY id LIMIT 1 OFFSET $count", "$start", "$count");
        // A row at or below the compaction revision can go when a newer row of its key at or below that revision
        // exists, or when it is a tombstone (the key did not exist at the revision). What stays is, per key, the
        // row that answers reads at the compaction revision, plus everything newer.
        _compactChunk = Prepare(
            "DELETE FROM log WHERE id >= $start AND id < $end AND " +
            "(deleted = 1 OR EXISTS (SELECT 1 FROM log n WHERE n.key = log.key AND n.id > log.id AND n.id <= $rev))",
            "$start", "$end", "$rev");
        _all = [_lookup, _exists, _insertLog, _insertCurrent, _updateCurrent, _deleteCurrent, _setCompacted, _minId, _chunkEnd, _compactChunk];

        using (var state = connection.CreateCommand())
        {
            state.CommandText = "SELECT (SELECT value FROM meta WHERE name = '" + SqliteSchema.CompactedName + "'), (SELECT MAX(id) FROM log)";
            using var reader = state.ExecuteReader();
            reader.Read();
            _compacted = reader.IsDBNull(0) ? 0 : reader.GetInt64(0);
            _revision = Math.Max(_compacted, reader.IsDBNull(1) ? 0 : reader.GetInt64(1));
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "bosun-sqlite-writer" };
        _thread.Start();
    }

    /// <summary>The latest committed revision.</summary>
    public long Revision => Volatile.Read(ref _revision);

    /// <summary>The latest committed compacted revision.</summary>
    public long Compacted => Volatile.Read(ref _compacted);

    /// <summary>Completes when the writer has applied every accepted request and stopped.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>Queues a request; throws <see cref="StoreUnavailableException"/> once closing started.</summary>
    public void Enqueue(WriteRequest request)
    {
        lock (_lock)
        {
            if (_closed)
                throw new StoreUnavailableException("the store is closed");
            _queue.Enqueue(request);
            if (_queue.Count == 1)
                Monitor.Pulse(_lock);
        }
    }

    /// <summary>Refuses new requests; those already queued are still applied.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            Monitor.Pulse(_lock);
        }
    }

    /// <summary>Moves the WAL's content into the database file and truncates the WAL.</summary>
    public void Checkpoint() => SqliteSchema.Execute(_connection, "PRAGMA wal_checkpoint(TRUNCATE);");

    public void Dispose()
    {
        foreach (var command in _all)
            command.Dispose();
        _connection.Dispose();
    }

    private void Run()
    {
        var batch = new List<WriteRequest>(_maxBatchSize);
        try
        {
            while (true)
            {
                lock (_lock)
                {
                    while (_queue.Count == 0 && !_closed)
                        Monitor.Wait(_lock);
                    if (_queue.Count == 0)
                        break;
                    while (batch.Count < _maxBatchSize && _queue.TryDequeue(out var request))
                        batch.Add(request);
                }

                ExecuteBatch(batch);
                batch.Clear();
            }

            _stopped.TrySetResult();
        }
        catch (Exception ex)
        {
            // Only a bug gets here; fail whatever is left rather than leave callers waiting forever.
            SqliteStoreLog.WriterCrashed(_logger, ex);
            lock (_lock)
            {
                _closed = true;
                foreach (var request in batch.Concat(_queue))
                    request.Fail(new StoreUnavailableException("the store's writer stopped", ex));
                _queue.Clear();
            }

            _stopped.TrySetResult();
        }
    }

    private void ExecuteBatch(List<WriteRequest> batch)
    {
        var revision = _revision;
        var compacted = _compacted;
        _events.Clear();
        try
        {
            using (var transaction = _connection.BeginTransaction(deferred: false))
            {
                foreach (var command in _all)
                    command.Transaction = transaction;
                foreach (var request in batch)
                {
                    if (request.CancellationToken.IsCancellationRequested)
                    {
                        request.Reject(new OperationCanceledException(request.CancellationToken));
                        continue;
                    }

                    try
                    {
                        Apply(request, ref revision, ref compacted);
                    }
                    catch (StoreException ex)
                    {
                        request.Reject(ex);
                    }
                }

                transaction.Commit();
            }
        }
        catch (Exception ex)
        {
            SqliteStoreLog.BatchFailed(_logger, batch.Count, ex);
            var error = new StoreUnavailableException("the write could not be committed: " + ex.Message, ex);
            foreach (var request in batch)
                request.Fail(error);
            return;
        }

        // Readers see the commit already; publish the revision before acknowledging, so a caller that got its
        // revision back never reads an older GetRevisionAsync.
        Volatile.Write(ref _revision, revision);
        Volatile.Write(ref _compacted, compacted);
        var dropped = _broadcaster.Publish(_events);
        if (dropped > 0)
            SqliteStoreLog.WatchersFellBehind(_logger, dropped, revision);
        foreach (var request in batch)
            request.Complete();
    }

    private void Apply(WriteRequest request, ref long revision, ref long compacted)
    {
        switch (request.Kind)
        {
            case WriteKind.Create:
                {
                    _exists.Parameters[0].Value = request.Key;
                    if (_exists.ExecuteScalar() is not null)
                        throw new KeyExistsException(request.Key);
                    var rev = ++revision;
                    InsertLog(rev, request.Key, rev, 0, deleted: false, request.Value);
                    _insertCurrent.Parameters[0].Value = request.Key;
                    _insertCurrent.Parameters[1].Value = rev;
                    _insertCurrent.Parameters[2].Value = rev;
                    _insertCurrent.ExecuteNonQuery();
                    _events.Add(new StoreEvent(StoreEventType.Created, request.Key, rev, rev, request.Value, ReadOnlyMemory<byte>.Empty, 0));
                    request.Decide(new KeyValue(request.Key, request.Value, rev, rev));
                    break;
                }

            case WriteKind.Update:
                {
                    var current = Lookup(request.Key) ?? throw new KeyMissingException(request.Key);
                    if (current.ModRevision != request.Revision)
                        throw new RevisionConflictException(current);
                    var rev = ++revision;
                    InsertLog(rev, request.Key, current.CreateRevision, current.ModRevision, deleted: false, request.Value);
                    _updateCurrent.Parameters[0].Value = request.Key;
                    _updateCurrent.Parameters[1].Value = rev;
                    _updateCurrent.ExecuteNonQuery();
                    _events.Add(new StoreEvent(StoreEventType.Updated, request.Key, rev, current.CreateRevision, request.Value, current.Value, current.ModRevision));
                    request.Decide(new KeyValue(request.Key, request.Value, current.CreateRevision, rev));
                    break;
                }

            case WriteKind.Delete:
                {
                    var current = Lookup(request.Key) ?? throw new KeyMissingException(request.Key);
                    if (request.Revision != 0 && current.ModRevision != request.Revision)
                        throw new RevisionConflictException(current);
                    var rev = ++revision;
                    var last = current.Value.ToArray();
                    // The tombstone keeps the last value: delete events carry it, from the log as well as live.
                    InsertLog(rev, request.Key, current.CreateRevision, current.ModRevision, deleted: true, last);
                    _deleteCurrent.Parameters[0].Value = request.Key;
                    _deleteCurrent.ExecuteNonQuery();
                    _events.Add(new StoreEvent(StoreEventType.Deleted, request.Key, rev, current.CreateRevision, current.Value, current.Value, current.ModRevision));
                    request.Decide(new DeleteResult(rev, current));
                    break;
                }

            case WriteKind.SetCompacted:
                {
                    if (request.Revision <= compacted)
                    {
                        request.Decide(null);
                        break;
                    }

                    if (request.Revision > revision)
                        throw new FutureRevisionException($"cannot compact to revision {request.Revision}: the store is at {revision}");
                    _setCompacted.Parameters[0].Value = request.Revision;
                    _setCompacted.ExecuteNonQuery();
                    compacted = request.Revision;
                    var min = _minId.ExecuteScalar();
                    request.Decide(min is long id ? id : request.Revision + 1);
                    break;
                }

            case WriteKind.CompactChunk:
                {
                    _chunkEnd.Parameters[0].Value = request.Start;
                    _chunkEnd.Parameters[1].Value = _compactionChunkSize;
                    var end = _chunkEnd.ExecuteScalar() is long id ? Math.Min(id, request.Revision + 1) : request.Revision + 1;
                    _compactChunk.Parameters[0].Value = request.Start;
                    _compactChunk.Parameters[1].Value = end;
                    _compactChunk.Parameters[2].Value = request.Revision;
                    var deleted = _compactChunk.ExecuteNonQuery();
                    request.Decide(new CompactionProgress(end, deleted));
                    break;
                }

            default:
                throw new InvalidOperationException($"unknown write kind {request.Kind}");
        }
    }

    private KeyValue? Lookup(string key)
    {
        _lookup.Parameters[0].Value = key;
        using var reader = _lookup.ExecuteReader();
        if (!reader.Read())
            return null;
        return new KeyValue(key, reader.GetFieldValue<byte[]>(2), reader.GetInt64(1), reader.GetInt64(0));
    }

    private void InsertLog(long id, string key, long createRevision, long previousRevision, bool deleted, byte[] value)
    {
        var parameters = _insertLog.Parameters;
        parameters[0].Value = id;
        parameters[1].Value = key;
        parameters[2].Value = createRevision;
        parameters[3].Value = previousRevision;
        parameters[4].Value = deleted ? 1 : 0;
        parameters[5].Value = value;
        _insertLog.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql, params string[] parameterNames)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameterNames)
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }
}
