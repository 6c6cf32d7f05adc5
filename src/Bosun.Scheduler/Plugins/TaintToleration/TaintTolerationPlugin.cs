using Bosun.Client.Models;
using Bosun.Scheduler.Cache;
using Bosun.Scheduler.Framework;

namespace Bosun.Scheduler.Plugins.TaintToleration;

/// <summary>
/// Filter: a NoSchedule or NoExecute taint the pod does not tolerate rules the node out. Score: fewer untolerated
/// PreferNoSchedule taints is better.
/// </summary>
internal sealed class TaintTolerationPlugin : IFilterPlugin, IScorePlugin
{
    public const string PluginName = "TaintToleration";

    public string Name => PluginName;

    public int Weight => 3;

    public NodeStatus? Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        var taint = Tolerations.FirstUntolerated(node.Taints, pod.Tolerations, e => e is "NoSchedule" or "NoExecute");
        return taint is null
            ? null
            : new NodeStatus(PluginName, StatusCode.UnschedulableAndUnresolvable, $"node(s) had untolerated taint {{{taint.Key}: {taint.Value}}}");
    }

    public bool PreScore(CycleState state, PodInfo pod, Snapshot snapshot, IReadOnlyList<NodeInfo> nodes) => true;

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        if (node.Taints is null)
        {
            return 0;
        }

        // Only tolerations that could tolerate PreferNoSchedule (that effect or any) count here.
        long count = 0;
        foreach (var taint in node.Taints)
        {
            if (taint.Effect != "PreferNoSchedule")
            {
                continue;
            }

            var tolerated = pod.Tolerations?.Any(t => (string.IsNullOrEmpty(t.Effect) || t.Effect == "PreferNoSchedule") && Tolerations.Tolerates(t, taint)) ?? false;
            if (!tolerated)
            {
                count++;
            }
        }

        return count;
    }

    public void Normalize(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, long[] scores) => ScoreNormalizer.Default(scores, reverse: true);
}
