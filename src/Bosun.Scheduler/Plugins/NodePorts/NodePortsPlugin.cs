using Bosun.Scheduler.Framework;

namespace Bosun.Scheduler.Plugins.NodePorts;

/// <summary>Host ports: the same port and protocol on overlapping addresses (0.0.0.0 overlaps all) conflict.</summary>
internal sealed class NodePortsPlugin : IFilterPlugin
{
    public const string PluginName = "NodePorts";
    public const string ErrReason = "node(s) didn't have free ports for the requested pod ports";

    private static readonly NodeStatus Rejected = new(PluginName, StatusCode.Unschedulable, ErrReason);

    public string Name => PluginName;

    public NodeStatus? Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        foreach (var wanted in pod.Ports)
        {
            foreach (var used in node.UsedPorts)
            {
                if (wanted.ConflictsWith(used))
                {
                    return Rejected;
                }
            }
        }

        return null;
    }
}
