namespace Bosun.Storage.Sqlite;

/// <summary>
/// One operation queued for the writer. Its outcome is decided inside a batch transaction but only
/// reported after that transaction committed (or failed as a whole).
/// </summary>
internal sealed class WriteRequest
{
    private readonly TaskCompletionSource<object?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private object? _result;
    private Exception? _error;

    private WriteRequest(WriteKind kind, string key, byte[] value, long revision, long start, CancellationToken cancellationToken)
    {
        Kind = kind;
        Key = key;
        Value = value;
        Revision = revision;
        Start = start;
        CancellationToken = cancellationToken;
    }

    public WriteKind Kind { get; }

    public string Key { get; }

    public byte[] Value { get; }

    /// <summary>The expected mod revision (update, delete; 0 = any for delete) or the compaction revision.</summary>
    public long Revision { get; }

    /// <summary>For <see cref="WriteKind.CompactChunk"/>: the first log id to examine.</summary>
    public long Start { get; }

    /// <summary>Checked before the writer starts the request; once started it runs to the commit.</summary>
    public CancellationToken CancellationToken { get; }

    public Task<object?> Task => _completion.Task;

    public static WriteRequest Create(string key, byte[] value, CancellationToken cancellationToken) =>
        new(WriteKind.Create, key, value, 0, 0, cancellationToken);

    public static WriteRequest Update(string key, byte[] value, long expectedModRevision, CancellationToken cancellationToken) =>
        new(WriteKind.Update, key, value, expectedModRevision, 0, cancellationToken);

    public static WriteRequest Delete(string key, long expectedModRevision, CancellationToken cancellationToken) =>
        new(WriteKind.Delete, key, [], expectedModRevision, 0, cancellationToken);

    public static WriteRequest SetCompacted(long revision, CancellationToken cancellationToken) =>
        new(WriteKind.SetCompacted, "", [], revision, 0, cancellationToken);

    public static WriteRequest CompactChunk(long revision, long start, CancellationToken cancellationToken) =>
        new(WriteKind.CompactChunk, "", [], revision, start, cancellationToken);

    /// <summary>Records the outcome to report once the batch commits.</summary>
    public void Decide(object? result) => (_result, _error) = (result, null);

    /// <summary>Records a failure to report once the batch commits (a failed precondition, a cancellation).</summary>
    public void Reject(Exception error) => (_result, _error) = (null, error);

    /// <summary>Reports the decided outcome.</summary>
    public void Complete()
    {
        if (_error is OperationCanceledException canceled)
            _completion.TrySetCanceled(canceled.CancellationToken);
        else if (_error is not null)
            _completion.TrySetException(_error);
        else
            _completion.TrySetResult(_result);
    }

    /// <summary>Reports a failure of the whole batch, whatever was decided.</summary>
    public void Fail(Exception error) => _completion.TrySetException(error);
}
