using System.Threading.Channels;

namespace Bosun.Storage.Tests;

/// <summary>Passes every call to a real store and reports revision reads and compactions as they finish.</summary>
internal sealed class RecordingStore(IStore inner) : IStore
{
    public Channel<long> RevisionReads { get; } = Channel.CreateUnbounded<long>();

    public Channel<long> Compactions { get; } = Channel.CreateUnbounded<long>();

    /// <summary>When set, the next compaction throws <see cref="StoreUnavailableException"/> (and reports -revision).</summary>
    public bool FailNextCompaction { get; set; }

    public async ValueTask<long> GetRevisionAsync(CancellationToken cancellationToken = default)
    {
        var revision = await inner.GetRevisionAsync(cancellationToken);
        RevisionReads.Writer.TryWrite(revision);
        return revision;
    }

    public ValueTask<long> GetCompactedRevisionAsync(CancellationToken cancellationToken = default) => inner.GetCompactedRevisionAsync(cancellationToken);

    public Task<KeyValue> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) => inner.CreateAsync(key, value, cancellationToken);

    public Task<KeyValue?> GetAsync(string key, long revision = 0, CancellationToken cancellationToken = default) => inner.GetAsync(key, revision, cancellationToken);

    public Task<RangeResult> RangeAsync(RangeRequest request, CancellationToken cancellationToken = default) => inner.RangeAsync(request, cancellationToken);

    public Task<KeyValue> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, CancellationToken cancellationToken = default) =>
        inner.UpdateAsync(key, value, expectedModRevision, cancellationToken);

    public Task<DeleteResult> DeleteAsync(string key, long expectedModRevision = 0, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(key, expectedModRevision, cancellationToken);

    public IAsyncEnumerable<StoreEvent> WatchAsync(string prefix, long afterRevision, CancellationToken cancellationToken = default) =>
        inner.WatchAsync(prefix, afterRevision, cancellationToken);

    public async Task CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        if (FailNextCompaction)
        {
            FailNextCompaction = false;
            Compactions.Writer.TryWrite(-revision);
            throw new StoreUnavailableException("injected");
        }

        await inner.CompactAsync(revision, cancellationToken);
        Compactions.Writer.TryWrite(revision);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
