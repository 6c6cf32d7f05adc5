using Bosun.Scheduler.Cache;
using Bosun.Scheduler.Framework;

namespace Bosun.Scheduler.Plugins.NodeResourcesFit;

/// <summary>
/// Filter: the pod's effective requests fit in what the node's pods leave of its allocatable (cpu, memory,
/// ephemeral-storage, extended resources) and the node's pod count stays within its pods capacity; a request
/// larger than the whole node is unresolvable (preemption cannot help). Score: LeastAllocated over cpu and
/// memory, weight 1 each.
/// </summary>
internal sealed class NodeResourcesFitPlugin : IFilterPlugin, IScorePlugin
{
    public const string PluginName = "NodeResourcesFit";
    public const string TooManyPods = "Too many pods";

    public string Name => PluginName;

    public int Weight => 1;

    public NodeStatus? Filter(CycleState state, PodInfo pod, NodeInfo node) => Fits(pod.Requests, node);

    /// <summary>Why <paramref name="requests"/> do not fit on <paramref name="node"/>, or null.</summary>
    public static NodeStatus? Fits(Resources requests, NodeInfo node)
    {
        List<string>? reasons = null;
        var unresolvable = false;
        var allocatable = node.Allocatable;
        var requested = node.Requested;
        if (node.Pods.Count + 1 > allocatable.AllowedPods)
        {
            // Upstream never calls this unresolvable, even on a node that takes no pods at all.
            (reasons ??= []).Add(TooManyPods);
        }

        if (!requests.IsZero)
        {
            Check(requests.MilliCpu, allocatable.MilliCpu, requested.MilliCpu, "Insufficient cpu", ref reasons, ref unresolvable);
            Check(requests.Memory, allocatable.Memory, requested.Memory, "Insufficient memory", ref reasons, ref unresolvable);
            Check(requests.EphemeralStorage, allocatable.EphemeralStorage, requested.EphemeralStorage, "Insufficient ephemeral-storage", ref reasons, ref unresolvable);
            if (requests.Scalars is not null)
            {
                foreach (var (name, value) in requests.Scalars)
                {
                    Check(value, allocatable.Scalar(name), requested.Scalar(name), "Insufficient " + name, ref reasons, ref unresolvable);
                }
            }
        }

        return reasons is null
            ? null
            : new NodeStatus(PluginName, unresolvable ? StatusCode.UnschedulableAndUnresolvable : StatusCode.Unschedulable, [.. reasons]);
    }

    private static void Check(long wanted, long allocatable, long requested, string reason, ref List<string>? reasons, ref bool unresolvable)
    {
        if (wanted > 0 && wanted > allocatable - requested)
        {
            (reasons ??= []).Add(reason);
            unresolvable |= wanted > allocatable;
        }
    }

    public bool PreScore(CycleState state, PodInfo pod, Snapshot snapshot, IReadOnlyList<NodeInfo> nodes) => true;

    /// <summary>LeastAllocated: the free share of cpu and of memory after placing the pod, averaged, 0..100.</summary>
    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        var cpu = LeastRequested(node.NonZeroMilliCpu + pod.NonZeroMilliCpu, node.Allocatable.MilliCpu);
        var memory = LeastRequested(node.NonZeroMemory + pod.NonZeroMemory, node.Allocatable.Memory);
        return (cpu + memory) / 2;
    }

    public void Normalize(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, long[] scores)
    {
        // Scores are already 0..100.
    }

    private static long LeastRequested(long requested, long capacity) =>
        capacity == 0 || requested > capacity ? 0 : (capacity - requested) * ScoreNormalizer.MaxNodeScore / capacity;
}
