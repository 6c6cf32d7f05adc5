using Bosun.Scheduler.Cache;

namespace Bosun.Scheduler.Framework;

/// <summary>Computes, once per scheduling cycle, what the plugin's filter needs for every node.</summary>
internal interface IPreFilterPlugin : IPlugin
{
    void PreFilter(CycleState state, PodInfo pod, Snapshot snapshot);

    /// <summary>
    /// Updates the pre-filter state as if <paramref name="other"/> were added to (<paramref name="sign"/> 1) or
    /// removed from (-1) <paramref name="node"/>: preemption's "what if these victims were gone", and nominated pods.
    /// </summary>
    void Update(CycleState state, PodInfo pod, PodInfo other, NodeInfo node, int sign);
}
