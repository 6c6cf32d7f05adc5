using Bosun.Scheduler.Framework;

namespace Bosun.Scheduler.Plugins.NodeName;

/// <summary>A pod that names a node (spec.nodeName) only fits that node.</summary>
internal sealed class NodeNamePlugin : IFilterPlugin
{
    public const string PluginName = "NodeName";
    public const string ErrReason = "node(s) didn't match the requested node name";

    private static readonly NodeStatus Rejected = new(PluginName, StatusCode.UnschedulableAndUnresolvable, ErrReason);

    public string Name => PluginName;

    public NodeStatus? Filter(CycleState state, PodInfo pod, NodeInfo node) =>
        pod.NodeName.Length == 0 || pod.NodeName == node.Name ? null : Rejected;
}
