namespace Bosun.Storage.Sqlite;

/// <summary>Settings of the embedded SQLite store.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The database file; its directory is created when missing.</summary>
    public string Path { get; set; } = "";

    /// <summary>How long a connection waits for a lock held by another connection before failing.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Most write requests committed in one transaction. Larger batches amortize the fsync further
    /// but make every request in the batch wait for all of them.
    /// </summary>
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>Idle reader connections kept open; more are opened when more readers run at once.</summary>
    public int ReaderPoolSize { get; set; } = 8;

    /// <summary>
    /// Live events buffered per watcher. A watcher that falls further behind stops receiving live
    /// events and catches up from the log instead, so a slow consumer never holds up the writer.
    /// </summary>
    public int WatchBufferSize { get; set; } = 8192;

    /// <summary>Events read from the log per query while a watcher catches up.</summary>
    public int WatchPageSize { get; set; } = 1000;

    /// <summary>
    /// Log rows examined per compaction step. Each step shares a commit with queued writes, so it bounds how
    /// long compaction holds them up (measured on a 2-core VM with 1 KiB values: 500 rows adds ~30 ms to the
    /// writes committed with it; 2000 rows ~150 ms).
    /// </summary>
    public int CompactionChunkSize { get; set; } = 500;
}
