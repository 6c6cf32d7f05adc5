namespace Bosun.Storage.Sqlite;

/// <summary>What a queued <see cref="WriteRequest"/> asks the writer to do.</summary>
internal enum WriteKind
{
    Create,
    Update,
    Delete,

    /// <summary>Record a new compacted revision; answers the lowest log id compaction must scan from.</summary>
    SetCompacted,

    /// <summary>Delete the log rows no longer needed in one chunk; answers where the next chunk starts.</summary>
    CompactChunk,
}
