using Bosun.Storage.Etcd.Protos;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using EtcdRangeRequest = Bosun.Storage.Etcd.Protos.RangeRequest;

namespace Bosun.Storage.Etcd;

/// <summary>
/// <see cref="IStore"/> on an etcd v3 cluster, over etcd's gRPC API. Every write is one transaction whose
/// compare makes it conditional (create only if absent, update/delete only at the expected mod revision),
/// so concurrent API servers stay correct without locks.
/// </summary>
/// <remarks>
/// <para>etcd keeps no readable record of the compacted revision, so <see cref="GetCompactedRevisionAsync"/>
/// asks it: a read at the oldest revision fails once history was compacted, and a watch from there is
/// cancelled with the compacted revision (no key is written for this, so revisions stay those of the data).</para>
/// <para>A write whose answer is lost (member died, deadline) fails with <see cref="StoreUnavailableException"/>
/// even though etcd may have applied it, as kube-apiserver does; it is never silently retried.</para>
/// <para>Dispose waits for calls in flight, then ends watches with <see cref="StoreUnavailableException"/>.</para>
/// </remarks>
internal sealed class EtcdStore : IStore
{
    // Compare, put and read each repeat the key; the rest is a few bytes of framing per field.
    private const int RequestOverheadBytes = 64;

    private readonly EtcdStoreOptions _options;
    private readonly EtcdConnection _connection;
    private readonly EtcdKeys _keys;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private int _inFlight;
    private bool _closed;
    private long _compacted;

    public EtcdStore(EtcdStoreOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger;
        _keys = new EtcdKeys(options.Prefix);
        _connection = new EtcdConnection(options, logger);
    }

    public async ValueTask<long> GetRevisionAsync(CancellationToken cancellationToken = default)
    {
        var response = await ReadAsync(new EtcdRangeRequest { Key = _keys.Probe, CountOnly = true }, cancellationToken);
        return EtcdKeys.ToStore(response.Header.Revision);
    }

    public async ValueTask<long> GetCompactedRevisionAsync(CancellationToken cancellationToken = default)
    {
        using var _ = Enter();
        try
        {
            // Revision 1 is readable until the first compaction above it: the common case costs one read.
            await _connection.CallAsync((e, o) => e.Kv.RangeAsync(new EtcdRangeRequest { Key = _keys.Probe, CountOnly = true, Revision = 1 }, o), true, cancellationToken);
            return Volatile.Read(ref _compacted);
        }
        catch (CompactedException)
        {
            return await ProbeCompactedAsync(cancellationToken);
        }
    }

    public async Task<KeyValue> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        var etcdKey = CheckedKey(key, value.Length);
        var txn = new TxnRequest();
        txn.Compare.Add(new Compare { Key = etcdKey, Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 });
        var bytes = ByteString.CopyFrom(value.Span);
        txn.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = etcdKey, Value = bytes } });
        var response = await TxnAsync(txn, cancellationToken);
        if (!response.Succeeded)
            throw new KeyExistsException(key);
        var revision = EtcdKeys.ToStore(response.Header.Revision);
        return new KeyValue(key, bytes.Memory, revision, revision);
    }

    public async Task<KeyValue> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, CancellationToken cancellationToken = default)
    {
        var etcdKey = CheckedKey(key, value.Length);
        var txn = new TxnRequest();
        txn.Compare.Add(Exists(etcdKey));
        txn.Compare.Add(new Compare { Key = etcdKey, Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = EtcdKeys.ToEtcd(expectedModRevision) });
        var bytes = ByteString.CopyFrom(value.Span);
        txn.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = etcdKey, Value = bytes } });
        // Read back in the same transaction (keys only) for the create revision the answer must carry.
        txn.Success.Add(new RequestOp { RequestRange = new EtcdRangeRequest { Key = etcdKey, KeysOnly = true } });
        txn.Failure.Add(new RequestOp { RequestRange = new EtcdRangeRequest { Key = etcdKey } });
        var response = await TxnAsync(txn, cancellationToken);
        if (!response.Succeeded)
            throw Mismatch(key, response);
        var written = response.Responses[1].ResponseRange.Kvs[0];
        return new KeyValue(key, bytes.Memory, EtcdKeys.ToStore(written.CreateRevision), EtcdKeys.ToStore(written.ModRevision));
    }

    public async Task<DeleteResult> DeleteAsync(string key, long expectedModRevision = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedModRevision);
        var etcdKey = CheckedKey(key, 0);
        var txn = new TxnRequest();
        txn.Compare.Add(Exists(etcdKey));
        if (expectedModRevision != 0)
            txn.Compare.Add(new Compare { Key = etcdKey, Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = EtcdKeys.ToEtcd(expectedModRevision) });
        txn.Success.Add(new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = etcdKey, PrevKv = true } });
        txn.Failure.Add(new RequestOp { RequestRange = new EtcdRangeRequest { Key = etcdKey } });
        var response = await TxnAsync(txn, cancellationToken);
        if (!response.Succeeded)
            throw Mismatch(key, response);
        var deleted = response.Responses[0].ResponseDeleteRange.PrevKvs[0];
        return new DeleteResult(EtcdKeys.ToStore(response.Header.Revision), _keys.ToKeyValue(deleted));
    }

    public async Task<KeyValue?> GetAsync(string key, long revision = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(revision);
        var request = new EtcdRangeRequest { Key = _keys.Key(key), Revision = EtcdKeys.ToEtcd(revision) };
        var response = await ReadAtAsync(request, revision, cancellationToken);
        return response.Kvs.Count == 0 ? null : _keys.ToKeyValue(response.Kvs[0]);
    }

    public async Task<RangeResult> RangeAsync(RangeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Prefix, "request.Prefix");
        ArgumentOutOfRangeException.ThrowIfNegative(request.Limit, "request.Limit");
        ArgumentOutOfRangeException.ThrowIfNegative(request.Revision, "request.Revision");
        var (start, end) = _keys.Range(request.Prefix);
        if (request.StartKey is { } startKey && string.CompareOrdinal(startKey, request.Prefix) > 0)
            start = _keys.Key(startKey);
        var etcdRequest = new EtcdRangeRequest { Key = start, RangeEnd = end, Limit = request.Limit, Revision = EtcdKeys.ToEtcd(request.Revision) };
        var response = await ReadAtAsync(etcdRequest, request.Revision, cancellationToken);
        var items = new KeyValue[response.Kvs.Count];
        for (var i = 0; i < items.Length; i++)
            items[i] = _keys.ToKeyValue(response.Kvs[i]);
        var revision = request.Revision > 0 ? request.Revision : EtcdKeys.ToStore(response.Header.Revision);
        return new RangeResult(items, revision, response.More, response.Count);
    }

    public IAsyncEnumerable<StoreEvent> WatchAsync(string prefix, long afterRevision, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterRevision);
        var (start, end) = _keys.Range(prefix);
        return new EtcdWatch(this, _connection, _keys, _logger, prefix, start, end, afterRevision).RunAsync(cancellationToken);
    }

    public async Task CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(revision);
        if (revision == 0)
            return;
        using var _ = Enter();
        try
        {
            // Compaction is idempotent, so it may be retried on another member like a read.
            await _connection.CallAsync((e, o) => e.Kv.CompactAsync(new CompactionRequest { Revision = EtcdKeys.ToEtcd(revision) }, o), true, cancellationToken);
        }
        catch (CompactedException)
        {
            // Already compacted at or beyond it: nothing to do, as the contract says.
            return;
        }

        InterlockedMax(ref _compacted, revision);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (!_closed)
            {
                _closed = true;
                if (_inFlight == 0)
                    _drained.TrySetResult();
            }
        }

        await _drained.Task;
        if (!_closing.IsCancellationRequested)
        {
            await _closing.CancelAsync();
            _connection.Dispose();
        }
    }

    /// <summary>Cancelled when the store is disposed; watches link to it.</summary>
    internal CancellationToken Closing => _closing.Token;

    /// <summary>Counts a call in flight so that dispose waits for it; throws when the store is closed.</summary>
    internal InFlight Enter()
    {
        lock (_lock)
        {
            if (_closed)
                throw new StoreUnavailableException("the store is closed");
            _inFlight++;
        }

        return new InFlight(this);
    }

    /// <summary>Remembers a compacted revision learned from etcd.</summary>
    internal void SawCompacted(long revision) => InterlockedMax(ref _compacted, revision);

    /// <summary>The compacted revision, read from the compact revision etcd reports to a watch on old history.</summary>
    internal async Task<long> ProbeCompactedAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_connection.RequestTimeout);
        var endpoint = _connection.Current;
        try
        {
            using var call = endpoint.Watch.Watch(EtcdConnection.StreamOptions(timeout.Token));
            await call.RequestStream.WriteAsync(new WatchRequest { CreateRequest = new WatchCreateRequest { Key = _keys.Probe, StartRevision = 1 } }, timeout.Token);
            while (await call.ResponseStream.MoveNext(timeout.Token))
            {
                if (call.ResponseStream.Current.CompactRevision > 0)
                {
                    var compacted = EtcdKeys.ToStore(call.ResponseStream.Current.CompactRevision);
                    SawCompacted(compacted);
                    return Math.Max(compacted, Volatile.Read(ref _compacted));
                }
            }

            throw new StoreUnavailableException($"etcd ({endpoint.Address}) ended the compaction probe without an answer");
        }
        catch (RpcException e)
        {
            _connection.Failover(endpoint, e.Status.Detail);
            throw EtcdErrors.Translate(e, _connection.Describe, _connection.RequestTimeout, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StoreUnavailableException($"etcd ({endpoint.Address}) did not report its compacted revision within {_connection.RequestTimeout.TotalSeconds:0.#} s");
        }
    }

    private void Exit()
    {
        lock (_lock)
        {
            if (--_inFlight == 0 && _closed)
                _drained.TrySetResult();
        }
    }

    private Task<RangeResponse> ReadAsync(EtcdRangeRequest request, CancellationToken cancellationToken) =>
        RunAsync(() => _connection.CallAsync((e, o) => e.Kv.RangeAsync(request, o), true, cancellationToken));

    /// <summary>A read at a store revision; a compacted one fails with the revisions in the exception.</summary>
    private async Task<RangeResponse> ReadAtAsync(EtcdRangeRequest request, long revision, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync(request, cancellationToken);
        }
        catch (CompactedException e) when (revision > 0)
        {
            long compacted;
            try
            {
                compacted = await RunAsync(() => ProbeCompactedAsync(cancellationToken));
            }
            catch (StoreException)
            {
                throw e;
            }

            throw new CompactedException(revision, compacted);
        }
    }

    private Task<TxnResponse> TxnAsync(TxnRequest txn, CancellationToken cancellationToken) =>
        RunAsync(() => _connection.CallAsync((e, o) => e.Kv.TxnAsync(txn, o), false, cancellationToken));

    private async Task<T> RunAsync<T>(Func<Task<T>> call)
    {
        using var _ = Enter();
        return await call();
    }

    private ByteString CheckedKey(string key, int valueBytes)
    {
        var etcdKey = _keys.Key(key);
        var size = (3L * etcdKey.Length) + valueBytes + RequestOverheadBytes;
        if (size > _options.MaxRequestBytes)
            throw new ValueTooLargeException(key, size, _options.MaxRequestBytes);
        return etcdKey;
    }

    private static Compare Exists(ByteString key) =>
        new() { Key = key, Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Greater, CreateRevision = 0 };

    /// <summary>The failed compare of an update or delete: the key is gone or at another revision.</summary>
    private StoreException Mismatch(string key, TxnResponse response)
    {
        var current = response.Responses[0].ResponseRange.Kvs;
        return current.Count == 0 ? new KeyMissingException(key) : new RevisionConflictException(_keys.ToKeyValue(current[0]));
    }

    private static void InterlockedMax(ref long target, long value)
    {
        for (var seen = Volatile.Read(ref target); seen < value; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
                return;
        }
    }

    /// <summary>Marks the end of a call counted by <see cref="Enter"/>.</summary>
    internal readonly struct InFlight(EtcdStore store) : IDisposable
    {
        public void Dispose() => store.Exit();
    }
}
