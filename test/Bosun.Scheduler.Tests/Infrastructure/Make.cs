using Bosun.Scheduler.Cache;
using Bosun.Scheduler.Framework;
using k8s.Models;

namespace Bosun.Scheduler.Tests.Infrastructure;

/// <summary>Builders for nodes, pods and node infos in unit tests.</summary>
internal static class Make
{
    private static int _uid;

    public static V1Node Node(string name, string cpu = "4", string memory = "8Gi", string pods = "110", IDictionary<string, string>? labels = null, IList<V1Taint>? taints = null, bool unschedulable = false)
    {
        var allLabels = new Dictionary<string, string>(labels ?? new Dictionary<string, string>()) { ["kubernetes.io/hostname"] = name };
        return new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = allLabels },
            Spec = new V1NodeSpec { Taints = taints, Unschedulable = unschedulable },
            Status = new V1NodeStatus
            {
                Allocatable = new Dictionary<string, ResourceQuantity>
                {
                    ["cpu"] = new(cpu),
                    ["memory"] = new(memory),
                    ["pods"] = new(pods),
                    ["ephemeral-storage"] = new("100Gi"),
                },
            },
        };
    }

    public static V1Pod Pod(string name, string? cpu = null, string? memory = null, string ns = "default", IDictionary<string, string>? labels = null, int priority = 0, string? nodeName = null)
    {
        var requests = new Dictionary<string, ResourceQuantity>();
        if (cpu is not null)
        {
            requests["cpu"] = new ResourceQuantity(cpu);
        }

        if (memory is not null)
        {
            requests["memory"] = new ResourceQuantity(memory);
        }

        return new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = ns,
                Uid = $"uid-{name}-{Interlocked.Increment(ref _uid)}",
                Labels = labels,
                CreationTimestamp = DateTime.UtcNow,
            },
            Spec = new V1PodSpec
            {
                Priority = priority,
                NodeName = nodeName,
                Containers = [new V1Container { Name = "c", Image = "busybox", Resources = new V1ResourceRequirements { Requests = requests } }],
            },
            Status = new V1PodStatus(),
        };
    }

    public static PodInfo Info(V1Pod pod) => PodInfo.Create(pod);

    public static NodeInfo NodeInfo(V1Node node, params V1Pod[] pods)
    {
        var info = new NodeInfo(node.Metadata.Name);
        info.SetNode(node);
        foreach (var p in pods)
        {
            info.AddPod(PodInfo.Create(p));
        }

        return info;
    }

    public static Snapshot Snapshot(params NodeInfo[] nodes) => Bosun.Scheduler.Cache.Snapshot.Of(nodes);

    public static Dictionary<string, string> Labels(params string[] pairs) =>
        pairs.Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
}
