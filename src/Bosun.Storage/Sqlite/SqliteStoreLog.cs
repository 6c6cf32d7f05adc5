using Microsoft.Extensions.Logging;

namespace Bosun.Storage.Sqlite;

/// <summary>Log messages of the SQLite store.</summary>
internal static partial class SqliteStoreLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Opened SQLite store {Path} at revision {Revision} (compacted {CompactedRevision})")]
    public static partial void Opened(ILogger logger, string path, long revision, long compactedRevision);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "A write batch of {Count} requests failed and was rolled back")]
    public static partial void BatchFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Critical, Message = "The SQLite store's writer stopped unexpectedly")]
    public static partial void WriterCrashed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "{Count} watchers fell behind at revision {Revision} and resume from the log")]
    public static partial void WatchersFellBehind(ILogger logger, int count, long revision);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Compacted to revision {Revision}: {Rows} log rows removed in {ElapsedMs} ms")]
    public static partial void Compacted(ILogger logger, long revision, long rows, long elapsedMs);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Closed SQLite store {Path} at revision {Revision}")]
    public static partial void Closed(ILogger logger, string path, long revision);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Checkpoint on close of {Path} failed")]
    public static partial void CheckpointFailed(ILogger logger, string path, Exception exception);
}
