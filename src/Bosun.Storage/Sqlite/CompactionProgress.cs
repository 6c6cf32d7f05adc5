namespace Bosun.Storage.Sqlite;

/// <summary>What one compaction chunk did: where the next chunk starts and how many log rows went.</summary>
internal sealed record CompactionProgress(long NextStart, int RowsDeleted);
