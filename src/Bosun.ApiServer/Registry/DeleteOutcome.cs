namespace Bosun.ApiServer.Registry;

/// <summary>What a delete did.</summary>
/// <param name="Item">The object: its last state if removed, its new state (with deletionTimestamp) if not.</param>
/// <param name="Removed">True when the object is gone from the store.</param>
public sealed record DeleteOutcome(StoredObject Item, bool Removed);
