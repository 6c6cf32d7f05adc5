using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Bosun.Storage.Sqlite;

/// <summary>
/// <see cref="IStore"/> on one SQLite file: an append-only log whose row id is the revision (as in k3s's
/// kine), a <c>current</c> table for fast latest reads, one group-committing writer thread and a pool of
/// parallel readers.
/// </summary>
/// <remarks>
/// <para>Reads run on the calling thread (SQLite calls are synchronous) and return completed tasks.</para>
/// <para>Writes whose token is cancelled before the writer reaches them are dropped (the task is cancelled);
/// once the writer has started a request, its outcome is reported whatever the token says, so an
/// acknowledged or failed write is always definite.</para>
/// <para>Watches end with <see cref="OperationCanceledException"/> when their token is cancelled and with
/// <see cref="StoreUnavailableException"/> (after every committed event was delivered) when the store is disposed.
/// A watcher that fell so far behind that it went back to the log, and whose position was compacted away
/// meanwhile, ends with <see cref="CompactedException"/>, as an etcd watch does.</para>
/// <para>Compacting to a revision at or below the compacted revision does nothing.</para>
/// </remarks>
internal sealed class SqliteStore : IStore
{
    private readonly SqliteStoreOptions _options;
    private readonly ILogger _logger;
    private readonly WatchBroadcaster _broadcaster = new();
    private readonly StoreWriter _writer;
    private readonly ReaderPool _readers;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposeStarted;

    private SqliteStore(SqliteStoreOptions options, ILogger logger, SqliteConnection writerConnection)
    {
        _options = options;
        _logger = logger;
        _writer = new StoreWriter(writerConnection, _broadcaster, options, logger);
        _readers = new ReaderPool(SqliteSchema.ConnectionString(options), options.BusyTimeout, options.ReaderPoolSize);
    }

    public static SqliteStore Open(SqliteStoreOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path, "options.Path");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.WatchBufferSize, 1, "options.WatchBufferSize");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.WatchPageSize, 1, "options.WatchPageSize");

        var connection = SqliteSchema.OpenWriter(options);
        try
        {
            var store = new SqliteStore(options, logger, connection);
            SqliteStoreLog.Opened(logger, options.Path, store._writer.Revision, store._writer.Compacted);
            return store;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public ValueTask<long> GetRevisionAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(_writer.Revision);

    public ValueTask<long> GetCompactedRevisionAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(_writer.Compacted);

    public async Task<KeyValue> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        // Copy: the caller may reuse its buffer, and the bytes live on in events and results.
        var request = WriteRequest.Create(key, value.ToArray(), cancellationToken);
        _writer.Enqueue(request);
        return (KeyValue)(await request.Task)!;
    }

    public async Task<KeyValue> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        var request = WriteRequest.Update(key, value.ToArray(), expectedModRevision, cancellationToken);
        _writer.Enqueue(request);
        return (KeyValue)(await request.Task)!;
    }

    public async Task<DeleteResult> DeleteAsync(string key, long expectedModRevision = 0, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        var request = WriteRequest.Delete(key, expectedModRevision, cancellationToken);
        _writer.Enqueue(request);
        return (DeleteResult)(await request.Task)!;
    }

    public Task<KeyValue?> GetAsync(string key, long revision = 0, CancellationToken cancellationToken = default) => Completed(() =>
    {
        ValidateKey(key);
        ArgumentOutOfRangeException.ThrowIfNegative(revision);
        cancellationToken.ThrowIfCancellationRequested();
        return Read(connection => connection.Get(key, revision));
    });

    public Task<RangeResult> RangeAsync(RangeRequest request, CancellationToken cancellationToken = default) => Completed(() =>
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Prefix, "request.Prefix");
        ArgumentOutOfRangeException.ThrowIfNegative(request.Limit, "request.Limit");
        ArgumentOutOfRangeException.ThrowIfNegative(request.Revision, "request.Revision");
        cancellationToken.ThrowIfCancellationRequested();
        return Read(connection => connection.Range(request));
    });

    public async IAsyncEnumerable<StoreEvent> WatchAsync(string prefix, long afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterRevision);
        var range = KeyRange.ForPrefix(prefix);
        var last = afterRevision;
        var pageSize = _options.WatchPageSize;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Subscribe before reading the log: whatever commits after this point is published to us, whatever
            // committed before is in the log we read next. Overlap is dropped by revision below.
            using var subscription = _broadcaster.Subscribe(prefix, _options.WatchBufferSize);
            while (true)
            {
                var page = Read(connection => connection.ReadEvents(range, last, pageSize));
                foreach (var storeEvent in page)
                {
                    yield return storeEvent;
                    last = storeEvent.Revision;
                }

                if (page.Count < pageSize)
                    break;
                cancellationToken.ThrowIfCancellationRequested();
            }

            await foreach (var storeEvent in subscription.Reader.ReadAllAsync(cancellationToken))
            {
                if (storeEvent.Revision <= last)
                    continue;
                yield return storeEvent;
                last = storeEvent.Revision;
            }

            // The live feed ended: either we fell behind (catch up from the log again) or the store closed.
            if (!subscription.Overflowed)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new StoreUnavailableException("the store is closed");
            }
        }
    }

    public async Task CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(revision);
        var set = WriteRequest.SetCompacted(revision, cancellationToken);
        _writer.Enqueue(set);
        if (await set.Task is not long start)
            return;

        // The compacted revision is committed first, so no reader can ask for what the chunks below remove.
        // Each chunk is its own small request: writers queued meanwhile wait for one chunk, not the whole job.
        var stopwatch = Stopwatch.StartNew();
        long rows = 0;
        while (start <= revision)
        {
            var chunk = WriteRequest.CompactChunk(revision, start, cancellationToken);
            _writer.Enqueue(chunk);
            var progress = (CompactionProgress)(await chunk.Task)!;
            rows += progress.RowsDeleted;
            start = progress.NextStart;
        }

        SqliteStoreLog.Compacted(_logger, revision, rows, stopwatch.ElapsedMilliseconds);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposeStarted, 1) != 0)
        {
            await _closed.Task;
            return;
        }

        _writer.Close();
        await _writer.Stopped;
        _broadcaster.Close();
        _readers.Dispose();
        try
        {
            _writer.Checkpoint();
        }
        catch (SqliteException ex)
        {
            SqliteStoreLog.CheckpointFailed(_logger, _options.Path, ex);
        }

        _writer.Dispose();
        SqliteStoreLog.Closed(_logger, _options.Path, _writer.Revision);
        _closed.TrySetResult();
    }

    private T Read<T>(Func<ReaderConnection, T> read)
    {
        ReaderConnection connection;
        try
        {
            connection = _readers.Rent();
        }
        catch (ObjectDisposedException ex)
        {
            throw new StoreUnavailableException("the store is closed", ex);
        }

        try
        {
            return read(connection);
        }
        catch (SqliteException ex)
        {
            throw new StoreUnavailableException("the read failed: " + ex.Message, ex);
        }
        finally
        {
            _readers.Return(connection);
        }
    }

    private static Task<T> Completed<T>(Func<T> work)
    {
        try
        {
            return Task.FromResult(work());
        }
        catch (OperationCanceledException ex)
        {
            return Task.FromCanceled<T>(ex.CancellationToken.IsCancellationRequested ? ex.CancellationToken : new CancellationToken(true));
        }
        catch (Exception ex)
        {
            return Task.FromException<T>(ex);
        }
    }

    private static void ValidateKey(string key) => ArgumentException.ThrowIfNullOrEmpty(key);
}
