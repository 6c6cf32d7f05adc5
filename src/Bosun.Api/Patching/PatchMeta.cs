namespace Bosun.Api.Patching;

/// <summary>
/// The strategic-merge metadata of one field, as Kubernetes' Go struct tags give it
/// (<c>patchStrategy:"merge,retainKeys" patchMergeKey:"name"</c>).
/// </summary>
/// <param name="Merge">Lists merge (by <paramref name="MergeKey"/> for lists of objects, as sets for primitives).</param>
/// <param name="Replace">The field is replaced whole (<c>patchStrategy:"replace"</c>).</param>
/// <param name="RetainKeys">The field carries the <c>retainKeys</c> strategy.</param>
/// <param name="MergeKey">Merge key of a list of objects; null for primitive lists and non-list fields.</param>
/// <param name="ListMapKeys">
/// Server-side apply's keys of the list (<c>+listMapKey</c> tags) when they are more than the merge key:
/// container ports are keyed by containerPort and protocol, though strategic merge uses containerPort alone.
/// </param>
internal sealed record PatchMeta(bool Merge, bool Replace, bool RetainKeys, string? MergeKey, IReadOnlyList<string>? ListMapKeys = null)
{
    /// <summary>The keys server-side apply identifies list items by.</summary>
    public IReadOnlyList<string> ApplyKeys => ListMapKeys ?? (MergeKey is null ? [] : [MergeKey]);

    /// <summary>No strategy: maps merge, lists are replaced.</summary>
    public static PatchMeta None { get; } = new(false, false, false, null);
}
