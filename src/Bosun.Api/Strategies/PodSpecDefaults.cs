using System.Text.Json.Nodes;
using Bosun.Api.Quantities;

namespace Bosun.Api.Strategies;

/// <summary>
/// Kubernetes' defaulting of pod specs (pkg/apis/core/v1/defaults.go), for pods and for the pod templates
/// of workloads: what `kubectl get -o yaml` shows a real cluster stored.
/// </summary>
public static class PodSpecDefaults
{
    /// <summary>The mode of files projected from secrets, config maps and the downward API (0644).</summary>
    public const int DefaultFileMode = 420;

    private static readonly string[] ContainerLists = ["initContainers", "containers", "ephemeralContainers"];

    /// <summary>Fills the defaults of <paramref name="spec"/> in place.</summary>
    /// <exception cref="QuantityFormatException">A resource quantity is malformed.</exception>
    public static void Apply(JsonObject? spec)
    {
        if (spec is null)
        {
            return;
        }

        spec["dnsPolicy"] ??= "ClusterFirst";
        spec["restartPolicy"] ??= "Always";
        spec["terminationGracePeriodSeconds"] ??= 30;
        spec["securityContext"] ??= new JsonObject();
        spec["schedulerName"] ??= "default-scheduler";
        foreach (var list in ContainerLists)
        {
            foreach (var container in Items(spec[list]))
            {
                Container(container);
            }
        }

        // With host networking, container ports are host ports.
        if (spec["hostNetwork"] is JsonValue h && h.TryGetValue<bool>(out var hostNetwork) && hostNetwork)
        {
            foreach (var port in Items(spec["containers"]).Concat(Items(spec["initContainers"])).SelectMany(c => Items(c["ports"])))
            {
                port["hostPort"] ??= port["containerPort"]?.DeepClone();
            }
        }

        foreach (var volume in Items(spec["volumes"]))
        {
            Volume(volume);
        }

        QuantityJson.CanonicalizeList(spec["overhead"]);
        if (spec["resources"] is JsonObject podResources)
        {
            QuantityJson.CanonicalizeList(podResources["requests"]);
            QuantityJson.CanonicalizeList(podResources["limits"]);
        }
    }

    /// <summary>The defaults of a pod template (<c>spec.template.spec</c>) of a workload object.</summary>
    public static void ApplyToTemplate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        Apply(obj["spec"]?["template"]?["spec"] as JsonObject);
    }

    /// <summary>
    /// The defaults only pods get (SetDefaults_Pod): requests copied from limits, service links on.
    /// </summary>
    public static void ApplyToPod(JsonObject? spec)
    {
        if (spec is null)
        {
            return;
        }

        spec["enableServiceLinks"] ??= true;
        foreach (var list in ContainerLists)
        {
            foreach (var container in Items(spec[list]))
            {
                RequestsFromLimits(container);
            }
        }
    }

    /// <summary>Always for ":latest" or untagged images, IfNotPresent otherwise (digests included).</summary>
    internal static string PullPolicy(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return "IfNotPresent";
        }

        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        return colon < 0 || image[(colon + 1)..] == "latest" ? "Always" : "IfNotPresent";
    }

    internal static IEnumerable<JsonObject> Items(JsonNode? list) => (list as JsonArray ?? []).OfType<JsonObject>();

    private static void Container(JsonObject container)
    {
        container["terminationMessagePath"] ??= "/dev/termination-log";
        container["terminationMessagePolicy"] ??= "File";
        container["imagePullPolicy"] ??= PullPolicy(container["image"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? container["image"]!.GetValue<string>() : "");
        var resources = container["resources"] as JsonObject ?? [];
        container["resources"] = resources;
        QuantityJson.CanonicalizeList(resources["requests"]);
        QuantityJson.CanonicalizeList(resources["limits"]);
        foreach (var port in Items(container["ports"]))
        {
            port["protocol"] ??= "TCP";
        }

        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            if (container[probe] is JsonObject p)
            {
                Probe(p);
            }
        }

        if (container["lifecycle"] is JsonObject lifecycle)
        {
            foreach (var hook in new[] { "postStart", "preStop" })
            {
                HttpGet(lifecycle[hook]?["httpGet"] as JsonObject);
            }
        }

        foreach (var env in Items(container["env"]))
        {
            if (env["valueFrom"] is JsonObject from)
            {
                FieldRef(from["fieldRef"] as JsonObject);
                ResourceFieldRef(from["resourceFieldRef"] as JsonObject);
            }
        }
    }

    private static void Probe(JsonObject probe)
    {
        probe["timeoutSeconds"] ??= 1;
        probe["periodSeconds"] ??= 10;
        probe["successThreshold"] ??= 1;
        probe["failureThreshold"] ??= 3;
        HttpGet(probe["httpGet"] as JsonObject);
        if (probe["grpc"] is JsonObject grpc)
        {
            grpc["service"] ??= "";
        }
    }

    private static void HttpGet(JsonObject? action)
    {
        if (action is null)
        {
            return;
        }

        if (action["path"] is null || action["path"]!.ToJsonString() == "\"\"")
        {
            action["path"] = "/";
        }

        action["scheme"] ??= "HTTP";
    }

    private static void FieldRef(JsonObject? fieldRef)
    {
        if (fieldRef is not null)
        {
            fieldRef["apiVersion"] ??= "v1";
        }
    }

    private static void ResourceFieldRef(JsonObject? resourceFieldRef)
    {
        if (resourceFieldRef is not null)
        {
            // The divisor is a non-pointer Quantity in Kubernetes, so an unset one is written as "0".
            resourceFieldRef["divisor"] = resourceFieldRef["divisor"] is { } divisor ? QuantityJson.Canonical(divisor) : "0";
        }
    }

    private static void Volume(JsonObject volume)
    {
        // A volume without a source is an emptyDir.
        if (!volume.Any(p => p.Key != "name"))
        {
            volume["emptyDir"] = new JsonObject();
        }

        if (volume["emptyDir"] is JsonObject emptyDir && emptyDir["sizeLimit"] is { } sizeLimit)
        {
            emptyDir["sizeLimit"] = QuantityJson.Canonical(sizeLimit);
        }

        foreach (var source in new[] { "secret", "configMap", "downwardAPI", "projected" })
        {
            if (volume[source] is JsonObject s)
            {
                s["defaultMode"] ??= DefaultFileMode;
            }
        }

        foreach (var item in Items(volume["downwardAPI"]?["items"]))
        {
            FieldRef(item["fieldRef"] as JsonObject);
            ResourceFieldRef(item["resourceFieldRef"] as JsonObject);
        }

        foreach (var projection in Items(volume["projected"]?["sources"]))
        {
            if (projection["serviceAccountToken"] is JsonObject token)
            {
                token["expirationSeconds"] ??= 3600;
            }

            foreach (var item in Items(projection["downwardAPI"]?["items"]))
            {
                FieldRef(item["fieldRef"] as JsonObject);
                ResourceFieldRef(item["resourceFieldRef"] as JsonObject);
            }
        }

        if (volume["hostPath"] is JsonObject hostPath)
        {
            hostPath["type"] ??= "";
        }

        if (volume["iscsi"] is JsonObject iscsi)
        {
            iscsi["iscsiInterface"] ??= "default";
        }

        if (volume["azureDisk"] is JsonObject azureDisk)
        {
            azureDisk["cachingMode"] ??= "ReadWrite";
            azureDisk["fsType"] ??= "ext4";
            azureDisk["readOnly"] ??= false;
            azureDisk["kind"] ??= "Shared";
        }

        if (volume["ephemeral"]?["volumeClaimTemplate"]?["spec"] is JsonObject claim)
        {
            PersistentVolumeClaimStrategy.ApplySpecDefaults(claim);
        }
    }

    private static void RequestsFromLimits(JsonObject container)
    {
        if (container["resources"] is not JsonObject resources || resources["limits"] is not JsonObject { Count: > 0 } limits)
        {
            return;
        }

        var requests = resources["requests"] as JsonObject ?? [];
        foreach (var (name, limit) in limits)
        {
            requests[name] ??= limit?.DeepClone();
        }

        resources["requests"] = requests;
    }
}
