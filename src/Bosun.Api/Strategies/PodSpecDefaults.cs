using System.Text.Json.Nodes;

namespace Bosun.Api.Strategies;

/// <summary>
/// Kubernetes' defaulting of pod specs (pkg/apis/core/v1/defaults.go), for pods and for the pod templates
/// of workloads: what `kubectl get -o yaml` shows a real cluster stored.
/// </summary>
public static class PodSpecDefaults
{
    /// <summary>Fills the defaults of <paramref name="spec"/> in place.</summary>
    public static void Apply(JsonObject? spec)
    {
        if (spec is null)
        {
            return;
        }

        spec["restartPolicy"] ??= "Always";
        spec["terminationGracePeriodSeconds"] ??= 30;
        spec["dnsPolicy"] ??= "ClusterFirst";
        spec["securityContext"] ??= new JsonObject();
        spec["schedulerName"] ??= "default-scheduler";
        foreach (var list in new[] { "initContainers", "containers" })
        {
            foreach (var container in (spec[list] as JsonArray ?? []).OfType<JsonObject>())
            {
                Container(container);
            }
        }
    }

    /// <summary>The defaults of a pod template (<c>spec.template.spec</c>) of a workload object.</summary>
    public static void ApplyToTemplate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        Apply(obj["spec"]?["template"]?["spec"] as JsonObject);
    }

    private static void Container(JsonObject container)
    {
        container["terminationMessagePath"] ??= "/dev/termination-log";
        container["terminationMessagePolicy"] ??= "File";
        container["resources"] ??= new JsonObject();
        container["imagePullPolicy"] ??= PullPolicy(container["image"]?.GetValue<string>() ?? "");
        foreach (var port in (container["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            port["protocol"] ??= "TCP";
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
}
