using k8s;
using k8s.Models;

namespace Bosun.Controllers.Tests.Infrastructure;

/// <summary>Builders and reads for workload tests; the test plays the kubelet by patching pod status.</summary>
public static class WorkloadObjects
{
    public static V1PodTemplateSpec Template(IDictionary<string, string> labels, string image = "busybox") => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels) },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = image }] },
    };

    public static V1ReplicaSet ReplicaSet(string name, int replicas, IDictionary<string, string> labels) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1ReplicaSetSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(labels) },
            Template = Template(labels),
        },
    };

    /// <summary>The pods of <paramref name="ns"/> whose controller is <paramref name="ownerUid"/> and that are not being deleted.</summary>
    public static async Task<List<V1Pod>> OwnedPodsAsync(Kubernetes client, string ns, string ownerUid) =>
        [.. (await client.CoreV1.ListNamespacedPodAsync(ns)).Items
            .Where(p => p.Metadata.DeletionTimestamp is null && p.Metadata.OwnerReferences?.Any(r => r.Controller == true && r.Uid == ownerUid) == true)];

    /// <summary>What a kubelet would report: Running, and Ready (since now) or not.</summary>
    public static Task<V1Pod> SetRunningAsync(Kubernetes client, V1Pod pod, bool ready, DateTime? readySince = null)
    {
        var since = (readySince ?? DateTime.UtcNow).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var body = $$$"""
            {"status":{"phase":"Running","conditions":[{"type":"Ready","status":"{{{(ready ? "True" : "False")}}}","lastTransitionTime":"{{{since}}}"}]}}
            """;
        return client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(body, V1Patch.PatchType.MergePatch), pod.Metadata.Name, pod.Metadata.NamespaceProperty);
    }

    /// <summary>Marks every current pod of the owner Running and Ready; returns how many it changed.</summary>
    public static async Task<int> MakeReadyAsync(Kubernetes client, string ns, string ownerUid)
    {
        var changed = 0;
        foreach (var pod in await OwnedPodsAsync(client, ns, ownerUid))
        {
            if (pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") != true)
            {
                await SetRunningAsync(client, pod, ready: true);
                changed++;
            }
        }

        return changed;
    }

    /// <summary>Events about the object named <paramref name="name"/> in <paramref name="ns"/>.</summary>
    public static async Task<List<Corev1Event>> EventsAboutAsync(Kubernetes client, string ns, string name) =>
        [.. (await client.CoreV1.ListNamespacedEventAsync(ns)).Items.Where(e => e.InvolvedObject?.Name == name)];
}
