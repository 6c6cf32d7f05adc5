namespace Bosun.ApiServer.Registry;

/// <summary>An object in stored form (no resourceVersion inside) and the revision that is its resourceVersion.</summary>
/// <param name="Json">Stored bytes.</param>
/// <param name="Revision">Its resourceVersion; 0 for dry-run results that were never stored.</param>
public sealed record StoredObject(ReadOnlyMemory<byte> Json, long Revision);
