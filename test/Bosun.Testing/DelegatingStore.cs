using Bosun.Storage;

namespace Bosun.Testing;

/// <summary>An <see cref="IStore"/> that passes every call to another; tests override the calls they observe or break.</summary>
public abstract class DelegatingStore(IStore inner) : IStore
{
    /// <summary>The store calls go to.</summary>
    protected IStore Inner => inner;

    public virtual ValueTask<long> GetRevisionAsync(CancellationToken cancellationToken = default) => inner.GetRevisionAsync(cancellationToken);

    public virtual ValueTask<long> GetCompactedRevisionAsync(CancellationToken cancellationToken = default) => inner.GetCompactedRevisionAsync(cancellationToken);

    public virtual Task<KeyValue> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) => inner.CreateAsync(key, value, cancellationToken);

    public virtual Task<KeyValue?> GetAsync(string key, long revision = 0, CancellationToken cancellationToken = default) => inner.GetAsync(key, revision, cancellationToken);

    public virtual Task<RangeResult> RangeAsync(RangeRequest request, CancellationToken cancellationToken = default) => inner.RangeAsync(request, cancellationToken);

    public virtual Task<KeyValue> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, CancellationToken cancellationToken = default) =>
        inner.UpdateAsync(key, value, expectedModRevision, cancellationToken);

    public virtual Task<DeleteResult> DeleteAsync(string key, long expectedModRevision = 0, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(key, expectedModRevision, cancellationToken);

    public virtual IAsyncEnumerable<StoreEvent> WatchAsync(string prefix, long afterRevision, CancellationToken cancellationToken = default) =>
        inner.WatchAsync(prefix, afterRevision, cancellationToken);

    public virtual Task CompactAsync(long revision, CancellationToken cancellationToken = default) => inner.CompactAsync(revision, cancellationToken);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return inner.DisposeAsync();
    }
}
