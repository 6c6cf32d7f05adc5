namespace Bosun.Scheduler.Framework;

/// <summary>Decides whether a pod may run on a node. Called concurrently for different nodes: no shared writes.</summary>
internal interface IFilterPlugin : IPlugin
{
    /// <summary>Null when the node fits; otherwise why not.</summary>
    NodeStatus? Filter(CycleState state, PodInfo pod, NodeInfo node);
}
