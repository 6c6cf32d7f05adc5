using Bosun.Storage.Cache;

namespace Bosun.ApiServer.Registry;

/// <summary>One page of a list.</summary>
/// <param name="Items">The objects, in key order.</param>
/// <param name="Revision">The list's resourceVersion.</param>
/// <param name="Continue">Token for the next page; null on the last page.</param>
/// <param name="RemainingItemCount">Objects after this page (only for lists without selectors).</param>
public sealed record ListResult(IReadOnlyList<CachedObject<ObjectAttributes>> Items, long Revision, string? Continue, long? RemainingItemCount);
