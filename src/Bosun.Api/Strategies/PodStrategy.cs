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
        Decoding(obj, () =>
        {
            PodSpecDefaults.Apply(spec);
            PodSpecDefaults.ApplyToPod(spec);
        });
    }

    /// <summary>
    /// Status starts Pending with the QoS class; and what Kubernetes' default admission plugins add to a new
    /// pod: the default service account (ServiceAccount), NoExecute tolerations of not-ready and unreachable
    /// nodes for 300s (DefaultTolerationSeconds). Priority and preemptionPolicy come from the Priority admission
    /// plugin, which must tell a stated priority from a missing one.
    /// </summary>
    public override void PrepareForCreate(JsonObject obj, bool hasStatus)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = QosClass(obj["spec"] as JsonObject) };
        if (obj["spec"] is not JsonObject spec)
        {
            return;
        }

        var account = Text(spec["serviceAccountName"]);
        if (string.IsNullOrEmpty(account))
        {
            account = string.IsNullOrEmpty(Text(spec["serviceAccount"])) ? "default" : Text(spec["serviceAccount"])!;
        }

        spec["serviceAccountName"] = account;
        spec["serviceAccount"] = account;
        var tolerations = spec["tolerations"] as JsonArray ?? [];
        foreach (var key in new[] { "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable" })
        {
            if (!Tolerates(tolerations, key))
            {
                tolerations.Add(new JsonObject
                {
                    ["key"] = key,
                    ["operator"] = "Exists",
                    ["effect"] = "NoExecute",
                    ["tolerationSeconds"] = 300,
                });
            }
        }

        spec["tolerations"] = tolerations;
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return PodValidation.Spec(obj["spec"] as JsonObject, "spec").Select(Cause);
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

    /// <summary>True when a toleration already covers NoExecute taints of <paramref name="key"/> (as DefaultTolerationSeconds checks).</summary>
    private static bool Tolerates(JsonArray tolerations, string key) =>
        tolerations.OfType<JsonObject>().Any(t =>
        {
            var effect = Text(t["effect"]) ?? "";
            var tolerationKey = Text(t["key"]) ?? "";
            var exists = Text(t["operator"]) == "Exists";
            return (effect.Length == 0 || effect == "NoExecute") && (tolerationKey == key || (tolerationKey.Length == 0 && exists));
        });

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
