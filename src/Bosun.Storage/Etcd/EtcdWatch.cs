using System.Runtime.CompilerServices;
using Bosun.Storage.Etcd.Protos;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Bosun.Storage.Etcd;

/// <summary>
/// One <see cref="IStore.WatchAsync"/>: an etcd watch stream that is re-created on another member whenever
/// it breaks, resuming from the last revision delivered, so the caller sees every change exactly once.
/// </summary>
/// <remarks>
/// The etcd watch starts at the etcd revision of <c>afterRevision</c> itself rather than the one after it,
/// and the events of that revision are dropped. That way etcd cancels the watch exactly when the store
/// contract says it is compacted (afterRevision below the compacted revision): a watch starting at the
/// compacted revision plus one would be accepted by etcd yet could miss a delete at the compacted revision,
/// whose tombstone compaction removes.
/// </remarks>
internal sealed class EtcdWatch(
    EtcdStore store, EtcdConnection connection, EtcdKeys keys, ILogger logger, string prefix, ByteString start, ByteString end, long afterRevision)
{
    private long _last = afterRevision;

    public async IAsyncEnumerable<StoreEvent> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var _ = store.Enter();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, store.Closing);
        var token = linked.Token;
        DateTime? failingSince = null;
        var attempt = 0;
        while (true)
        {
            var endpoint = connection.Current;
            var call = endpoint.Watch.Watch(EtcdConnection.StreamOptions(token));
            var batch = new List<StoreEvent>();
            var failure = (Exception?)null;
            try
            {
                await call.RequestStream.WriteAsync(Create(), token);
                if (attempt > 0)
                    EtcdStoreLog.WatchResumed(logger, prefix, _last, endpoint.Address);
                while (true)
                {
                    batch.Clear();
                    if (!await call.ResponseStream.MoveNext(token))
                        break;
                    var response = call.ResponseStream.Current;
                    if (response.CompactRevision > 0)
                    {
                        var compacted = EtcdKeys.ToStore(response.CompactRevision);
                        store.SawCompacted(compacted);
                        throw new CompactedException(_last, compacted);
                    }

                    if (response.Canceled)
                    {
                        failure = new StoreUnavailableException($"etcd cancelled the watch: {response.CancelReason}");
                        break;
                    }

                    if (response.Created)
                        failingSince = null;
                    foreach (var e in response.Events)
                    {
                        var storeEvent = ToStoreEvent(e);
                        if (storeEvent.Revision > _last)
                            batch.Add(storeEvent);
                    }

                    if (batch.Count > 0)
                        break;
                }
            }
            catch (RpcException e) when (!token.IsCancellationRequested)
            {
                failure = e;
            }
            catch (IOException e) when (!token.IsCancellationRequested)
            {
                failure = e;
            }
            catch (Exception e) when (token.IsCancellationRequested && e is OperationCanceledException or RpcException or IOException)
            {
                call.Dispose();
                cancellationToken.ThrowIfCancellationRequested();
                throw new StoreUnavailableException("the store is closed");
            }

            if (batch.Count > 0)
            {
                // Yield outside the try: a consumer may take its time, and the stream stays open meanwhile.
                foreach (var storeEvent in batch)
                {
                    _last = storeEvent.Revision;
                    yield return storeEvent;
                }

                call.Dispose();
                continue;
            }

            call.Dispose();
            failure ??= new StoreUnavailableException($"etcd ({endpoint.Address}) ended the watch stream");
            connection.Failover(endpoint, EtcdErrors.Describe(failure));
            failingSince ??= DateTime.UtcNow;
            if (DateTime.UtcNow - failingSince > connection.RequestTimeout)
            {
                throw failure as StoreException ?? new StoreUnavailableException(
                    $"the watch on {prefix} could not be re-established on etcd ({connection.Describe}) within " +
                    $"{connection.RequestTimeout.TotalSeconds:0.#} s: {EtcdErrors.Describe(failure)}", failure);
            }

            attempt++;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 50 * attempt)), token);
            }
            catch (OperationCanceledException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new StoreUnavailableException("the store is closed");
            }
        }
    }

    private WatchRequest Create() => new()
    {
        CreateRequest = new WatchCreateRequest
        {
            Key = start,
            RangeEnd = end,
            // See the remarks: the etcd revision of _last itself; its events are dropped as already seen.
            StartRevision = EtcdKeys.ToEtcd(_last) is var from && from > 0 ? from : 1,
            PrevKv = true,
        },
    };

    private StoreEvent ToStoreEvent(Event e)
    {
        var kv = e.Kv;
        var key = keys.FromEtcd(kv.Key);
        var revision = EtcdKeys.ToStore(kv.ModRevision);
        if (e.Type == Event.Types.EventType.Put && kv.Version == 1)
            return new StoreEvent(StoreEventType.Created, key, revision, EtcdKeys.ToStore(kv.CreateRevision), kv.Value.Memory, ReadOnlyMemory<byte>.Empty, 0);

        // etcd leaves the previous value out when it was compacted away: this watcher fell behind compaction.
        var previous = e.PrevKv ?? throw new CompactedException($"the previous value of {key} at revision {revision} was compacted");
        var previousRevision = EtcdKeys.ToStore(previous.ModRevision);
        return e.Type == Event.Types.EventType.Put
            ? new StoreEvent(StoreEventType.Updated, key, revision, EtcdKeys.ToStore(kv.CreateRevision), kv.Value.Memory, previous.Value.Memory, previousRevision)
            : new StoreEvent(StoreEventType.Deleted, key, revision, EtcdKeys.ToStore(previous.CreateRevision), previous.Value.Memory, previous.Value.Memory, previousRevision);
    }
}
