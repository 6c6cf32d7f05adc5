namespace Bosun.Storage;

/// <summary>The backend cannot serve the request now (closed, unreachable, no quorum); callers may retry.</summary>
public sealed class StoreUnavailableException : StoreException
{
    public StoreUnavailableException() { }

    public StoreUnavailableException(string message) : base(message) { }

    public StoreUnavailableException(string message, Exception inner) : base(message, inner) { }
}
