using Bosun.Scheduler.Cache;
using Bosun.Scheduler.Framework;

namespace Bosun.Scheduler.Plugins.ImageLocality;

/// <summary>
/// Prefers nodes that already hold the pod's images, by their size, discounted when few nodes have them (so
/// pods do not all pile onto the one node that pulled an image first).
/// </summary>
internal sealed class ImageLocalityPlugin : IScorePlugin
{
    public const string PluginName = "ImageLocality";

    // Below 23 MB an image scores nothing; the top score needs 1000 MB per container (upstream's thresholds).
    private const long MinThreshold = 23L * 1024 * 1024;
    private const long MaxContainerThreshold = 1000L * 1024 * 1024;

    public string Name => PluginName;

    public int Weight => 1;

    public bool PreScore(CycleState state, PodInfo pod, Snapshot snapshot, IReadOnlyList<NodeInfo> nodes)
    {
        state.Set(PluginName, new ImageState(snapshot.Nodes.Count, snapshot.ImageNodeCounts));
        return snapshot.ImageNodeCounts.Count > 0;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        var s = state.Get<ImageState>(PluginName)!;
        var spec = pod.Pod.Spec;
        long sum = 0;
        var containers = 0;
        foreach (var c in (spec?.InitContainers ?? []).Concat(spec?.Containers ?? []))
        {
            containers++;
            if (c.Image is { Length: > 0 } image && node.Images.TryGetValue(NodeInfo.NormalizeImage(image), out var size))
            {
                var spread = (double)s.Counts.GetValueOrDefault(NodeInfo.NormalizeImage(image)) / Math.Max(1, s.TotalNodes);
                sum += (long)(size * spread);
            }
        }

        var max = MaxContainerThreshold * Math.Max(1, containers);
        sum = Math.Clamp(sum, MinThreshold, max);
        return ScoreNormalizer.MaxNodeScore * (sum - MinThreshold) / (max - MinThreshold);
    }

    public void Normalize(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, long[] scores)
    {
        // Scores are already 0..100.
    }

    private sealed class ImageState(int totalNodes, Dictionary<string, int> counts) : IPluginState
    {
        public int TotalNodes { get; } = totalNodes;

        public Dictionary<string, int> Counts { get; } = counts;

        public IPluginState Clone() => this;
    }
}
