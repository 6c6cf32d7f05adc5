namespace Bosun.Storage;

/// <summary>The outcome of a delete.</summary>
/// <param name="Revision">The revision at which the key was deleted.</param>
/// <param name="Deleted">The key's last value before the delete.</param>
public sealed record DeleteResult(long Revision, KeyValue Deleted);
