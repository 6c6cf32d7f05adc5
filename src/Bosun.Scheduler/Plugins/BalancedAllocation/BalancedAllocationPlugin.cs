using Bosun.Scheduler.Cache;
using Bosun.Scheduler.Framework;

namespace Bosun.Scheduler.Plugins.BalancedAllocation;

/// <summary>
/// Prefers nodes where, with the pod placed, the used shares of cpu and memory are close to each other
/// (score = (1 - standard deviation of the shares) * 100), so neither runs out while the other idles.
/// </summary>
internal sealed class BalancedAllocationPlugin : IScorePlugin
{
    public const string PluginName = "NodeResourcesBalancedAllocation";

    public string Name => PluginName;

    public int Weight => 1;

    // A pod requesting neither cpu nor memory changes no balance.
    public bool PreScore(CycleState state, PodInfo pod, Snapshot snapshot, IReadOnlyList<NodeInfo> nodes) =>
        pod.Requests.MilliCpu > 0 || pod.Requests.Memory > 0;

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        var cpu = Fraction(node.Requested.MilliCpu + pod.Requests.MilliCpu, node.Allocatable.MilliCpu);
        var memory = Fraction(node.Requested.Memory + pod.Requests.Memory, node.Allocatable.Memory);
        // For two values the standard deviation is half their distance.
        var std = Math.Abs(cpu - memory) / 2;
        return (long)((1 - std) * ScoreNormalizer.MaxNodeScore);
    }

    public void Normalize(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, long[] scores)
    {
        // Scores are already 0..100.
    }

    private static double Fraction(long requested, long capacity) =>
        capacity <= 0 ? 1 : Math.Min(1, (double)requested / capacity);
}
