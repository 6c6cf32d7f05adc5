using Bosun.Scheduler.Cache;

namespace Bosun.Scheduler.Framework;

/// <summary>Ranks the feasible nodes; scores are normalized to 0..100 and multiplied by <see cref="Weight"/>.</summary>
internal interface IScorePlugin : IPlugin
{
    int Weight { get; }

    /// <summary>Prepares the cycle's scoring; false when the plugin has nothing to say about this pod (all scores 0).</summary>
    bool PreScore(CycleState state, PodInfo pod, Snapshot snapshot, IReadOnlyList<NodeInfo> nodes);

    /// <summary>Raw score of one node. Called concurrently for different nodes.</summary>
    long Score(CycleState state, PodInfo pod, NodeInfo node);

    /// <summary>Maps the raw scores (in node order) to 0..100 in place.</summary>
    void Normalize(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, long[] scores);
}
