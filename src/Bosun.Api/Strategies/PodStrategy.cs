using System.Text.Json.Nodes;
using Bosun.Api.Errors;

namespace Bosun.Api.Strategies;

/// <summary>Pods: status starts Pending, the spec is mostly immutable, deletes answer with the pod.</summary>
public sealed class PodStrategy : ResourceStrategy
{
    public static readonly PodStrategy Instance = new();

    private static readonly string[] MutableSpecFields = ["activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds"];

    public override bool ReturnDeletedObject => true;

    public override IReadOnlyDictionary<string, string> SelectableFields { get; } = new Dictionary<string, string>
    {
        ["spec.nodeName"] = "",
        ["spec.restartPolicy"] = "",
        ["spec.schedulerName"] = "",
        ["spec.serviceAccountName"] = "",
        ["spec.hostNetwork"] = "false",
        ["status.phase"] = "",
        ["status.podIP"] = "",
        ["status.nominatedNodeName"] = "",
    };

    /// <summary>
    /// Bound, still running pods get the requested grace period (default spec.terminationGracePeriodSeconds, else 30)
    /// and are removed when their node confirms; unbound or finished pods go at once.
    /// </summary>
    public override long GracePeriodSeconds(JsonObject obj, long? requested)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var nodeName = obj["spec"]?["nodeName"]?.GetValue<string>();
        var phase = obj["status"]?["phase"]?.GetValue<string>();
        if (string.IsNullOrEmpty(nodeName) || phase is "Succeeded" or "Failed")
        {
            return 0;
        }

        var grace = requested ?? (obj["spec"]?["terminationGracePeriodSeconds"] is JsonValue v && v.TryGetValue<long>(out var spec) ? spec : 30);
        // A negative grace period is treated as 1 second, as Kubernetes does.
        return grace < 0 ? 1 : grace;
    }

    public override void ApplyDefaults(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var spec = obj["spec"] as JsonObject;
        PodSpecDefaults.Apply(spec);
        if (spec is not null)
        {
            spec["enableServiceLinks"] ??= true;
        }
    }

    public override void PrepareForCreate(JsonObject obj, bool hasStatus)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = QosClass(obj["spec"] as JsonObject) };
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj["spec"] is not JsonObject spec)
        {
            yield return Required("spec.containers");
            yield break;
        }

        if (spec["containers"] is not JsonArray containers || containers.Count == 0)
        {
            yield return Required("spec.containers");
            yield break;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cause in ValidateContainers(spec["initContainers"] as JsonArray, "spec.initContainers", seen))
        {
            yield return cause;
        }

        foreach (var cause in ValidateContainers(containers, "spec.containers", seen))
        {
            yield return cause;
        }
    }

    public override IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        foreach (var cause in Validate(obj))
        {
            yield return cause;
        }

        if (!JsonNode.DeepEquals(WithoutMutableFields(obj["spec"]), WithoutMutableFields(old["spec"])))
        {
            yield return new StatusCause(
                "FieldValueForbidden",
                "Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
                "spec");
        }
    }

    /// <summary>The spec with the fields a pod update may change blanked out.</summary>
    private static JsonNode? WithoutMutableFields(JsonNode? spec)
    {
        if (spec is not JsonObject o)
        {
            return spec;
        }

        var copy = (JsonObject)o.DeepClone();
        foreach (var field in MutableSpecFields)
        {
            copy.Remove(field);
        }

        foreach (var list in new[] { "containers", "initContainers" })
        {
            if (copy[list] is JsonArray items)
            {
                foreach (var item in items.OfType<JsonObject>())
                {
                    item.Remove("image");
                }
            }
        }

        return copy;
    }

    private static IEnumerable<StatusCause> ValidateContainers(JsonArray? containers, string path, HashSet<string> seen)
    {
        if (containers is null)
        {
            yield break;
        }

        for (var i = 0; i < containers.Count; i++)
        {
            var at = $"{path}[{i}]";
            if (containers[i] is not JsonObject c)
            {
                yield return Required(at);
                continue;
            }

            var name = c["name"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? c["name"]!.GetValue<string>() : "";
            if (name.Length == 0)
            {
                yield return Required($"{at}.name");
            }
            else if (!seen.Add(name))
            {
                yield return new StatusCause("FieldValueDuplicate", $"Duplicate value: \"{name}\"", $"{at}.name");
            }

            var image = c["image"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? c["image"]!.GetValue<string>() : "";
            if (image.Trim().Length == 0)
            {
                yield return Required($"{at}.image");
            }
        }
    }

    /// <summary>The QoS class as Kubernetes computes it from requests and limits.</summary>
    internal static string QosClass(JsonObject? spec)
    {
        var containers = (spec?["containers"] as JsonArray ?? []).Concat(spec?["initContainers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var any = false;
        var guaranteed = containers.Count > 0;
        foreach (var c in containers)
        {
            var requests = ObjectMetaStrings(c["resources"]?["requests"]);
            var limits = ObjectMetaStrings(c["resources"]?["limits"]);
            any |= requests.Count > 0 || limits.Count > 0;
            foreach (var resource in new[] { "cpu", "memory" })
            {
                if (!limits.TryGetValue(resource, out var limit)
                    || (requests.TryGetValue(resource, out var request) && request != limit))
                {
                    guaranteed = false;
                }
            }
        }

        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }

    private static Dictionary<string, string> ObjectMetaStrings(JsonNode? node)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject o)
        {
            foreach (var (k, v) in o)
            {
                result[k] = v?.ToJsonString().Trim('"') ?? "";
            }
        }

        return result;
    }
}
