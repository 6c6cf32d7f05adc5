namespace Bosun.Storage;

/// <summary>A read asked for a revision the store has not reached yet.</summary>
public sealed class FutureRevisionException : StoreException
{
    public FutureRevisionException() { }

    public FutureRevisionException(string message) : base(message) { }

    public FutureRevisionException(string message, Exception inner) : base(message, inner) { }
}
