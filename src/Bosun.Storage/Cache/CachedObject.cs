namespace Bosun.Storage.Cache;

/// <summary>One object held by a watch cache: its stored bytes, revision and the attributes readers filter on.</summary>
/// <typeparam name="T">What the owner decodes from each value once, on arrival (labels, fields, ...).</typeparam>
/// <param name="Key">Store key.</param>
/// <param name="Value">Stored bytes.</param>
/// <param name="Revision">Mod revision (the resourceVersion).</param>
/// <param name="Attributes">Decoded attributes.</param>
public sealed record CachedObject<T>(string Key, ReadOnlyMemory<byte> Value, long Revision, T Attributes);
