using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Bosun.Api.Patching.ServerSideApply;

/// <summary>
/// What server-side apply needs to know of a kind: how each list merges (taken from the strategic-merge
/// tables, as kube-apiserver derives its list types from the same Go tags) and which fields no manager owns.
/// </summary>
/// <remarks>
/// Lists with a merge key are associative (items merge by key), primitive lists with the merge strategy
/// are sets, every other list is atomic; every object is granular. Custom resources and kinds without a
/// table get atomic lists, as a CRD schema without <c>x-kubernetes-list-type</c> does.
/// </remarks>
public sealed class ApplySchema
{
    private static readonly HashSet<string> SystemMetadata =
    [
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink",
    ];

    // Keyed by the tables' entries, which live as long as the process: sorted once per list, not per item.
    private static readonly ConditionalWeakTable<PatchMeta, string[]> SortedKeys = new();

    private readonly IReadOnlyDictionary<string, PatchMeta>? _table;

    /// <summary>Creates the schema of a kind.</summary>
    /// <param name="group">API group.</param>
    /// <param name="kind">Kind.</param>
    /// <param name="ignoreStatus">True for the main resource of a kind with a status subresource: status is never owned there.</param>
    public ApplySchema(string group, string kind, bool ignoreStatus)
    {
        _table = PatchMergeSchema.TableFor(group, kind);
        IgnoreStatus = ignoreStatus;
    }

    /// <summary>True when <c>status</c> is outside what this endpoint manages.</summary>
    public bool IgnoreStatus { get; }

    /// <summary>How the list at <paramref name="schemaPath"/> (field names joined by dots) merges.</summary>
    internal ListType ListTypeAt(string schemaPath)
    {
        if (_table is not null && _table.TryGetValue(schemaPath, out var meta) && meta.Merge && !meta.Replace)
        {
            return meta.MergeKey is null ? ListType.Set : ListType.Map;
        }

        return ListType.Atomic;
    }

    /// <summary>The keys of an associative list's items in name order, as key elements list them.</summary>
    internal string[] KeysAt(string schemaPath) =>
        _table?.GetValueOrDefault(schemaPath) is { ApplyKeys.Count: > 0 } meta
            ? SortedKeys.GetValue(meta, static m => [.. m.ApplyKeys.Order(StringComparer.Ordinal)])
            : throw new InvalidOperationException($"{schemaPath} is not an associative list");

    /// <summary>
    /// The schema default of a key field an item may leave out (Kubernetes' OpenAPI defaults protocol to
    /// TCP, so an applied port without a protocol is the TCP one); null when the key is required.
    /// </summary>
    internal static JsonNode? KeyDefault(string key) => key == "protocol" ? JsonValue.Create("TCP") : null;

    /// <summary>True for a field the server alone sets (identity, versioning, timestamps) or that this endpoint ignores.</summary>
    internal bool IsIgnored(string schemaPath) => schemaPath switch
    {
        "apiVersion" or "kind" => true,
        "status" => IgnoreStatus,
        _ => schemaPath.StartsWith("metadata.", StringComparison.Ordinal) && SystemMetadata.Contains(schemaPath[9..]),
    };
}
