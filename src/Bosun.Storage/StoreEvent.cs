namespace Bosun.Storage;

/// <summary>One change delivered by <see cref="IStore.WatchAsync"/>.</summary>
/// <param name="Type">Created, updated or deleted.</param>
/// <param name="Key">The key that changed.</param>
/// <param name="Revision">The revision of the change (unique, increasing across the store).</param>
/// <param name="CreateRevision">The key's create revision (for deletes: of the deleted incarnation).</param>
/// <param name="Value">The new value; for deletes the last value before the delete.</param>
/// <param name="PreviousValue">The value before the change; empty for creates.</param>
/// <param name="PreviousRevision">The mod revision before the change; 0 for creates.</param>
public sealed record StoreEvent(
    StoreEventType Type,
    string Key,
    long Revision,
    long CreateRevision,
    ReadOnlyMemory<byte> Value,
    ReadOnlyMemory<byte> PreviousValue,
    long PreviousRevision);
