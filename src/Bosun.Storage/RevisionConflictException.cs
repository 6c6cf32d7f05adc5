namespace Bosun.Storage;

/// <summary>An update or delete named a mod revision that is no longer the key's current one.</summary>
public sealed class RevisionConflictException : StoreException
{
    public RevisionConflictException() { }

    public RevisionConflictException(string message) : base(message) { }

    public RevisionConflictException(string message, Exception inner) : base(message, inner) { }

    public RevisionConflictException(KeyValue current) : base($"{current.Key} is at revision {current.ModRevision}") => Current = current;

    /// <summary>The key's current value, so callers can retry without another read.</summary>
    public KeyValue? Current { get; }
}
