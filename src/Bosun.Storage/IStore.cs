namespace Bosun.Storage;

/// <summary>
/// An etcd-like revisioned key-value store. Every change gets the next value of one global,
/// monotonically increasing revision; history since the last compaction is kept so that reads
/// at a past revision and watches from a past revision can be served.
/// </summary>
public interface IStore : IAsyncDisposable
{
    /// <summary>The latest revision committed (0 for an empty store).</summary>
    ValueTask<long> GetRevisionAsync(CancellationToken cancellationToken = default);

    /// <summary>The revision of the last compaction; reads and watches older than it fail.</summary>
    ValueTask<long> GetCompactedRevisionAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates a key. Throws <see cref="KeyExistsException"/> if it exists.</summary>
    Task<KeyValue> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default);

    /// <summary>Reads one key at <paramref name="revision"/> (0 = latest); null when absent.</summary>
    Task<KeyValue?> GetAsync(string key, long revision = 0, CancellationToken cancellationToken = default);

    /// <summary>Reads the keys under a prefix, in key order, with limit and start key for paging.</summary>
    Task<RangeResult> RangeAsync(RangeRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the value of an existing key if its mod revision is <paramref name="expectedModRevision"/>.
    /// Throws <see cref="KeyMissingException"/> when absent, <see cref="RevisionConflictException"/> when it moved on.
    /// </summary>
    Task<KeyValue> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a key; when <paramref name="expectedModRevision"/> is not 0 the key must still be at that revision.
    /// Throws <see cref="KeyMissingException"/> when absent, <see cref="RevisionConflictException"/> when it moved on.
    /// </summary>
    Task<DeleteResult> DeleteAsync(string key, long expectedModRevision = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every change under <paramref name="prefix"/> with a revision greater than <paramref name="afterRevision"/>,
    /// in revision order, none lost and none repeated, until cancelled. Throws <see cref="CompactedException"/>
    /// (on first enumeration) when <paramref name="afterRevision"/> is older than the compacted revision.
    /// </summary>
    IAsyncEnumerable<StoreEvent> WatchAsync(string prefix, long afterRevision, CancellationToken cancellationToken = default);

    /// <summary>Drops history older than <paramref name="revision"/>; current values are kept.</summary>
    Task CompactAsync(long revision, CancellationToken cancellationToken = default);
}
