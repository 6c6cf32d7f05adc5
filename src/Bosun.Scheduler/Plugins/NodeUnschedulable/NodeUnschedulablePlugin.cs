using Bosun.Client.Models;
using Bosun.Scheduler.Framework;
using k8s.Models;

namespace Bosun.Scheduler.Plugins.NodeUnschedulable;

/// <summary>Cordoned nodes (spec.unschedulable) take only pods tolerating node.kubernetes.io/unschedulable:NoSchedule.</summary>
internal sealed class NodeUnschedulablePlugin : IFilterPlugin
{
    public const string PluginName = "NodeUnschedulable";
    public const string ErrReason = "node(s) were unschedulable";

    private static readonly NodeStatus Rejected = new(PluginName, StatusCode.UnschedulableAndUnresolvable, ErrReason);
    private static readonly V1Taint UnschedulableTaint = new() { Key = "node.kubernetes.io/unschedulable", Effect = "NoSchedule" };

    public string Name => PluginName;

    public NodeStatus? Filter(CycleState state, PodInfo pod, NodeInfo node) =>
        !node.Unschedulable || Tolerations.AnyTolerates(pod.Tolerations, UnschedulableTaint) ? null : Rejected;
}
