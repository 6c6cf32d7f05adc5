namespace Bosun.Storage;

/// <summary>A read or watch asked for a revision older than the last compaction.</summary>
public sealed class CompactedException : StoreException
{
    public CompactedException() { }

    public CompactedException(string message) : base(message) { }

    public CompactedException(string message, Exception inner) : base(message, inner) { }

    public CompactedException(long requested, long compacted)
        : base($"revision {requested} has been compacted (compacted revision {compacted})")
        => (RequestedRevision, CompactedRevision) = (requested, compacted);

    public long RequestedRevision { get; }

    public long CompactedRevision { get; }
}
