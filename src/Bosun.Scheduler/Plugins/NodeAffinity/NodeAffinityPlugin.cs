using Bosun.Scheduler.Cache;
using Bosun.Scheduler.Framework;

namespace Bosun.Scheduler.Plugins.NodeAffinity;

/// <summary>
/// Filter: spec.nodeSelector and the required node affinity terms. Score: the summed weights of the preferred
/// terms a node matches, scaled so the best node gets 100.
/// </summary>
internal sealed class NodeAffinityPlugin : IFilterPlugin, IScorePlugin
{
    public const string PluginName = "NodeAffinity";
    public const string ErrReason = "node(s) didn't match Pod's node affinity/selector";

    private static readonly NodeStatus Rejected = new(PluginName, StatusCode.UnschedulableAndUnresolvable, ErrReason);

    public string Name => PluginName;

    public int Weight => 2;

    public NodeStatus? Filter(CycleState state, PodInfo pod, NodeInfo node) =>
        pod.NodeSelector.IsEverything || pod.NodeSelector.Matches(node.Node!) ? null : Rejected;

    public bool PreScore(CycleState state, PodInfo pod, Snapshot snapshot, IReadOnlyList<NodeInfo> nodes) =>
        pod.Pod.Spec?.Affinity?.NodeAffinity?.PreferredDuringSchedulingIgnoredDuringExecution is { Count: > 0 };

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        long score = 0;
        foreach (var term in pod.Pod.Spec!.Affinity!.NodeAffinity!.PreferredDuringSchedulingIgnoredDuringExecution!)
        {
            if (term.Weight != 0 && term.Preference is not null && NodeSelectorMatcher.TermMatches(term.Preference, node.Labels, node.Name))
            {
                score += term.Weight;
            }
        }

        return score;
    }

    public void Normalize(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, long[] scores) => ScoreNormalizer.Default(scores, reverse: false);
}
