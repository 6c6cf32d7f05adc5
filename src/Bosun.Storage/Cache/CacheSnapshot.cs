using System.Collections.Immutable;

namespace Bosun.Storage.Cache;

/// <summary>An immutable view of one resource's objects, consistent at <see cref="Revision"/>.</summary>
/// <param name="Items">Objects by key, in key order.</param>
/// <param name="Revision">The revision the view is consistent at (a list's resourceVersion).</param>
public sealed record CacheSnapshot<T>(ImmutableSortedDictionary<string, CachedObject<T>> Items, long Revision);
