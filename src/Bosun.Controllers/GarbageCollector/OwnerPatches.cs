using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Bosun.Controllers.GarbageCollector;

/// <summary>
/// JSON patches the collector sends. Each starts with a test of the resourceVersion it decided on, so a change
/// made meanwhile fails the patch (and the item is looked at again) instead of being overwritten.
/// </summary>
internal static class OwnerPatches
{
    /// <summary>Replaces metadata.ownerReferences (removes the field when <paramref name="references"/> is empty).</summary>
    public static string SetOwnerReferences(V1ObjectMeta meta, IReadOnlyList<V1OwnerReference> references)
    {
        var ops = Guard(meta);
        ops.Add(references.Count == 0
            ? new JsonObject { ["op"] = "remove", ["path"] = "/metadata/ownerReferences" }
            : new JsonObject { ["op"] = "replace", ["path"] = "/metadata/ownerReferences", ["value"] = JsonNode.Parse(KubernetesJson.Serialize(references)) });
        return ops.ToJsonString();
    }

    /// <summary>Removes <paramref name="finalizer"/> from metadata.finalizers.</summary>
    public static string RemoveFinalizer(V1ObjectMeta meta, string finalizer)
    {
        var ops = Guard(meta);
        var remaining = (meta.Finalizers ?? []).Where(f => f != finalizer).ToList();
        ops.Add(remaining.Count == 0
            ? new JsonObject { ["op"] = "remove", ["path"] = "/metadata/finalizers" }
            : new JsonObject { ["op"] = "replace", ["path"] = "/metadata/finalizers", ["value"] = new JsonArray([.. remaining.Select(f => (JsonNode)f)]) });
        return ops.ToJsonString();
    }

    private static JsonArray Guard(V1ObjectMeta meta) =>
        [new JsonObject { ["op"] = "test", ["path"] = "/metadata/resourceVersion", ["value"] = meta.ResourceVersion }];
}
