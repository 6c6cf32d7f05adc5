namespace Bosun.Storage;

/// <summary>
/// A write carried more bytes than the backend accepts in one request (etcd's <c>--max-request-bytes</c>,
/// 1.5 MiB by default). Nothing was written. The API layer should answer 413 Request Entity Too Large.
/// </summary>
public sealed class ValueTooLargeException : StoreException
{
    public ValueTooLargeException() { }

    public ValueTooLargeException(string message) : base(message) { }

    public ValueTooLargeException(string message, Exception inner) : base(message, inner) { }

    public ValueTooLargeException(string key, long size, long limit)
        : base($"{key}: a write of {size} bytes exceeds the datastore's request limit of {limit} bytes")
        => (Key, Size, Limit) = (key, size, limit);

    /// <summary>The key concerned.</summary>
    public string Key { get; } = "";

    /// <summary>The size of the rejected request in bytes, as far as it is known.</summary>
    public long Size { get; }

    /// <summary>The limit it exceeded in bytes.</summary>
    public long Limit { get; }
}
