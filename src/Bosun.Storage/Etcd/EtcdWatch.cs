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
            Exception? failure;
            // One stream for as long as it works: a new etcd watch from a past revision starts "unsynced",
            // and etcd catches those up only every 100 ms, which every event would then wait for.
            using (var call = endpoint.Watch.Watch(EtcdConnection.StreamOptions(token)))
            {
                var batch = new List<StoreEvent>();
                failure = await StartAsync(call, token);
                if (failure is null && attempt > 0)
                    EtcdStoreLog.WatchResumed(logger, prefix, _last, endpoint.Address);
                while (failure is null)
                {
                    (failure, var created) = await ReadBatchAsync(call, batch, token);
                    if (created)
                        failingSince = null;
                    foreach (var storeEvent in batch)
                    {
                        _last = storeEvent.Revision;
                        yield return storeEvent;
                    }
                }
            }

            if (failure is OperationCanceledException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new StoreUnavailableException("the store is closed");
            }

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

    /// <summary>Sends the create request; the failure, or null.</summary>
    private async Task<Exception?> StartAsync(AsyncDuplexStreamingCall<WatchRequest, WatchResponse> call, CancellationToken token)
    {
        try
        {
            await call.RequestStream.WriteAsync(Create(), token);
            return null;
        }
        catch (Exception e) when (Classify(e, token) is { } failure)
        {
            return failure;
        }
    }

    /// <summary>
    /// Reads responses until one carries new events (into <paramref name="batch"/>) or the stream fails or ends:
    /// the failure (an <see cref="OperationCanceledException"/> when the caller stopped), and whether etcd
    /// confirmed the watch. A compacted start throws <see cref="CompactedException"/>.
    /// </summary>
    private async Task<(Exception? Failure, bool Created)> ReadBatchAsync(
        AsyncDuplexStreamingCall<WatchRequest, WatchResponse> call, List<StoreEvent> batch, CancellationToken token)
    {
        batch.Clear();
        var created = false;
        try
        {
            while (await call.ResponseStream.MoveNext(token))
            {
                var response = call.ResponseStream.Current;
                if (response.CompactRevision > 0)
                {
                    var compacted = EtcdKeys.ToStore(response.CompactRevision);
                    store.SawCompacted(compacted);
                    throw new CompactedException(_last, compacted);
                }

                if (response.Canceled)
                    return (new StoreUnavailableException($"etcd cancelled the watch: {response.CancelReason}"), created);
                created |= response.Created;
                foreach (var e in response.Events)
                {
                    var storeEvent = ToStoreEvent(e);
                    if (storeEvent.Revision > _last)
                        batch.Add(storeEvent);
                }

                if (batch.Count > 0)
                    return (null, created);
            }

            return (new StoreUnavailableException($"etcd ({connection.Current.Address}) ended the watch stream"), created);
        }
        catch (Exception e) when (Classify(e, token) is { } failure)
        {
            return (failure, created);
        }
    }

    /// <summary>What a stream exception means: the caller stopping, a broken stream to fail over from, or (null) a bug to let through.</summary>
    private static Exception? Classify(Exception e, CancellationToken token) =>
        token.IsCancellationRequested && e is OperationCanceledException or RpcException or IOException
            ? new OperationCanceledException(token)
            : e is RpcException or IOException ? e : null;

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
