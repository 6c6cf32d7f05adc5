using System.Text.Json.Nodes;
using Bosun.Api.Catalog;
using Bosun.Api.Errors;
using Bosun.Api.Objects;
using Bosun.ApiServer.Registry;
using Bosun.Storage;

namespace Bosun.ApiServer.Admission;

/// <summary>
/// Kubernetes' Priority admission plugin. A new pod's spec.priorityClassName is resolved to spec.priority and
/// spec.preemptionPolicy (a pod without a class gets the globalDefault class, or priority 0 and
/// PreemptLowerPriority); an unknown class is 403 Forbidden, as is a pod that states a priority or a
/// preemptionPolicy different from its class's. The built-in system-cluster-critical and system-node-critical
/// classes resolve even before the server has created their objects. For PriorityClasses: only one may be the
/// globalDefault.
/// </summary>
internal sealed class PriorityPlugin(IStore store, ResourceReader reader, ResourceCatalog catalog) : IAdmissionPlugin
{
    public const int SystemClusterCritical = 2000000000;
    public const int SystemNodeCritical = 2000001000;

    private readonly ResourceDefinition _classes = catalog.Find("scheduling.k8s.io", "v1", "priorityclasses") ?? throw new InvalidOperationException("priorityclasses are not served");

    public bool Mutates => true;

    public async ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var resource = request.Resource;
        if (request.Operation == AdmissionOperation.Create && resource.Group.Length == 0 && resource.Plural == "pods" && request.Subresource.Length == 0)
        {
            await AdmitPodAsync(request, cancellationToken);
        }
        else if (request.Operation is AdmissionOperation.Create or AdmissionOperation.Update && resource.Group == "scheduling.k8s.io" && resource.Plural == "priorityclasses")
        {
            AdmitClass(request);
        }
    }

    private async ValueTask AdmitPodAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.NewObject?["spec"] is not JsonObject spec)
        {
            return;
        }

        var className = spec["priorityClassName"]?.GetValue<string>() ?? "";
        int priority;
        string? preemptionPolicy;
        if (className.Length == 0)
        {
            var (name, value, policy) = DefaultClass();
            if (name.Length > 0)
            {
                spec["priorityClassName"] = name;
            }

            (priority, preemptionPolicy) = (value, policy);
        }
        else
        {
            var pc = await FindAsync(className, cancellationToken)
                ?? throw ApiException.Forbidden($"pods \"{request.Name}\" is forbidden: no PriorityClass with name {className} was found");
            priority = ValueOf(pc);
            preemptionPolicy = pc["preemptionPolicy"]?.GetValue<string>() ?? "PreemptLowerPriority";
        }

        if (spec["priority"] is JsonValue given && given.TryGetValue<long>(out var stated) && stated != priority)
        {
            throw ApiException.Forbidden($"pods \"{request.Name}\" is forbidden: the integer value of priority ({stated}) must not be provided in pod spec; priority admission controller computed {priority} from the given PriorityClass name");
        }

        spec["priority"] = priority;
        if (preemptionPolicy is not null)
        {
            if (spec["preemptionPolicy"]?.GetValue<string>() is { Length: > 0 } statedPolicy && statedPolicy != preemptionPolicy)
            {
                throw ApiException.Forbidden($"pods \"{request.Name}\" is forbidden: the string value of PreemptionPolicy ({statedPolicy}) must not be provided in pod spec; priority admission controller computed {preemptionPolicy} from the given PriorityClass name");
            }

            spec["preemptionPolicy"] = preemptionPolicy;
        }
    }

    private void AdmitClass(AdmissionRequest request)
    {
        if (request.NewObject?["globalDefault"]?.GetValue<bool>() != true)
        {
            return;
        }

        foreach (var pc in Classes())
        {
            var name = pc["metadata"]?["name"]?.GetValue<string>();
            if (name != request.Name && pc["globalDefault"]?.GetValue<bool>() == true)
            {
                throw ApiException.Forbidden($"priorityclasses.scheduling.k8s.io \"{request.Name}\" is forbidden: PriorityClass {name} is already marked as default. Only one default can exist");
            }
        }
    }

    /// <summary>The globalDefault class (the lowest value if several slipped in, as upstream), or none: priority 0.</summary>
    private (string Name, int Value, string? Policy) DefaultClass()
    {
        JsonObject? best = null;
        foreach (var pc in Classes())
        {
            if (pc["globalDefault"]?.GetValue<bool>() == true && (best is null || ValueOf(pc) < ValueOf(best)))
            {
                best = pc;
            }
        }

        return best is null
            ? ("", 0, "PreemptLowerPriority")
            : (best["metadata"]?["name"]?.GetValue<string>() ?? "", ValueOf(best), best["preemptionPolicy"]?.GetValue<string>() ?? "PreemptLowerPriority");
    }

    private IEnumerable<JsonObject> Classes() =>
        reader.CacheOf(_classes).Snapshot().Items.Values.Select(item => ObjectJson.ParseObject(item.Value.Span));

    private async ValueTask<JsonObject?> FindAsync(string name, CancellationToken cancellationToken)
    {
        var key = ObjectKeys.Key(_classes, "", name);
        if (reader.CacheOf(_classes).Snapshot().Items.TryGetValue(key, out var cached))
        {
            return ObjectJson.ParseObject(cached.Value.Span);
        }

        // A class created moments ago may not be in the watch cache yet.
        if (await store.GetAsync(key, 0, cancellationToken) is { } kv)
        {
            return ObjectJson.ParseObject(kv.Value.Span);
        }

        return name switch
        {
            "system-cluster-critical" => new JsonObject { ["value"] = SystemClusterCritical },
            "system-node-critical" => new JsonObject { ["value"] = SystemNodeCritical },
            _ => null,
        };
    }

    private static int ValueOf(JsonObject pc) => pc["value"] is JsonValue v && v.TryGetValue<long>(out var value) ? (int)Math.Clamp(value, int.MinValue, int.MaxValue) : 0;
}
