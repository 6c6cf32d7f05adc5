using Bosun.Scheduler.Cache;
using Bosun.Scheduler.Framework;

namespace Bosun.Scheduler.Plugins.PodTopologySpread;

/// <summary>
/// topologySpreadConstraints. Filter (DoNotSchedule): placing the pod must keep its domain within maxSkew of the
/// least loaded domain. Score (ScheduleAnyway, or the system defaults for pods a Service or workload selects):
/// fewer matching pods in the node's domains is better, domains weighted by log(number of domains + 2).
/// </summary>
internal sealed class PodTopologySpreadPlugin : IPreFilterPlugin, IFilterPlugin, IScorePlugin
{
    public const string PluginName = "PodTopologySpread";
    public const string ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
    public const string ErrReasonNodeLabelNotMatch = ErrReasonConstraintsNotMatch + " (missing required label)";

    private const string ScoreKey = PluginName + "/score";
    private static readonly NodeStatus LabelMissing = new(PluginName, StatusCode.UnschedulableAndUnresolvable, ErrReasonNodeLabelNotMatch);
    private static readonly NodeStatus Skewed = new(PluginName, StatusCode.Unschedulable, ErrReasonConstraintsNotMatch);

    public string Name => PluginName;

    public int Weight => 2;

    public void PreFilter(CycleState state, PodInfo pod, Snapshot snapshot)
    {
        var constraints = SpreadConstraint.From(pod, "DoNotSchedule");
        if (constraints.Length == 0)
        {
            return;
        }

        var s = new SpreadFilterState(constraints);
        foreach (var node in snapshot.Nodes)
        {
            if (!SpreadConstraint.HasAllKeys(node, constraints))
            {
                continue;
            }

            for (var i = 0; i < constraints.Length; i++)
            {
                var c = constraints[i];
                if (!c.Includes(pod, node))
                {
                    continue;
                }

                var value = node.Labels[c.TopologyKey];
                s.Counts[i][value] = s.Counts[i].GetValueOrDefault(value) + c.CountMatching(node, pod.Namespace);
            }
        }

        s.RecomputeMin();
        state.Set(PluginName, s);
    }

    public void Update(CycleState state, PodInfo pod, PodInfo other, NodeInfo node, int sign)
    {
        var s = state.Get<SpreadFilterState>(PluginName);
        if (s is null || other.Namespace != pod.Namespace || !SpreadConstraint.HasAllKeys(node, s.Constraints))
        {
            return;
        }

        for (var i = 0; i < s.Constraints.Length; i++)
        {
            var c = s.Constraints[i];
            if (c.Includes(pod, node) && c.Selector.Matches(other.Labels))
            {
                var value = node.Labels[c.TopologyKey];
                s.Counts[i][value] = s.Counts[i].GetValueOrDefault(value) + sign;
            }
        }

        s.RecomputeMin();
    }

    public NodeStatus? Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        var s = state.Get<SpreadFilterState>(PluginName);
        if (s is null)
        {
            return null;
        }

        for (var i = 0; i < s.Constraints.Length; i++)
        {
            var c = s.Constraints[i];
            if (!node.Labels.TryGetValue(c.TopologyKey, out var value))
            {
                return LabelMissing;
            }

            var self = c.Selector.Matches(pod.Labels) ? 1 : 0;
            var skew = s.Counts[i].GetValueOrDefault(value) + self - s.Min[i];
            if (skew > c.MaxSkew)
            {
                return Skewed;
            }
        }

        return null;
    }

    public bool PreScore(CycleState state, PodInfo pod, Snapshot snapshot, IReadOnlyList<NodeInfo> nodes)
    {
        var constraints = SpreadConstraint.From(pod, "ScheduleAnyway");
        var systemDefaulted = false;
        if (constraints.Length == 0 && pod.Pod.Spec?.TopologySpreadConstraints is not { Count: > 0 })
        {
            var selector = snapshot.Objects.DefaultSpreadSelector(pod);
            if (ReferenceEquals(selector, LabelMatcher.Nothing))
            {
                return false;
            }

            constraints = SpreadConstraint.SystemDefaults(selector);
            systemDefaulted = true;
        }

        if (constraints.Length == 0)
        {
            return false;
        }

        // With explicit constraints a node lacking a key is ignored; the system defaults tolerate missing zones.
        var requireAll = !systemDefaulted;
        var s = new SpreadScoreState(constraints);
        var domainCounts = new int[constraints.Length];
        var domains = new HashSet<TopologyPair>();
        foreach (var node in nodes)
        {
            if (requireAll && !SpreadConstraint.HasAllKeys(node, constraints))
            {
                s.Ignored.Add(node.Name);
                continue;
            }

            for (var i = 0; i < constraints.Length; i++)
            {
                var c = constraints[i];
                if (c.TopologyKey == SpreadConstraint.Hostname || !node.Labels.TryGetValue(c.TopologyKey, out var value))
                {
                    continue;
                }

                if (domains.Add(new TopologyPair(c.TopologyKey, value)))
                {
                    s.PairCounts[new TopologyPair(c.TopologyKey, value)] = 0;
                    domainCounts[i]++;
                }
            }
        }

        for (var i = 0; i < constraints.Length; i++)
        {
            var size = constraints[i].TopologyKey == SpreadConstraint.Hostname ? nodes.Count - s.Ignored.Count : domainCounts[i];
            s.Weights[i] = Math.Log(size + 2);
        }

        if (s.PairCounts.Count > 0)
        {
            foreach (var node in snapshot.Nodes)
            {
                if (requireAll && !SpreadConstraint.HasAllKeys(node, constraints))
                {
                    continue;
                }

                for (var i = 0; i < constraints.Length; i++)
                {
                    var c = constraints[i];
                    if (c.TopologyKey == SpreadConstraint.Hostname || !node.Labels.TryGetValue(c.TopologyKey, out var value)
                        || !s.PairCounts.ContainsKey(new TopologyPair(c.TopologyKey, value)) || !c.Includes(pod, node))
                    {
                        continue;
                    }

                    s.PairCounts[new TopologyPair(c.TopologyKey, value)] += c.CountMatching(node, pod.Namespace);
                }
            }
        }

        state.Set(ScoreKey, s);
        return true;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        var s = state.Get<SpreadScoreState>(ScoreKey)!;
        if (s.Ignored.Contains(node.Name))
        {
            return 0;
        }

        double score = 0;
        for (var i = 0; i < s.Constraints.Length; i++)
        {
            var c = s.Constraints[i];
            if (!node.Labels.TryGetValue(c.TopologyKey, out var value))
            {
                continue;
            }

            var count = c.TopologyKey == SpreadConstraint.Hostname
                ? c.CountMatching(node, pod.Namespace)
                : s.PairCounts.GetValueOrDefault(new TopologyPair(c.TopologyKey, value));
            score += (count * s.Weights[i]) + (c.MaxSkew - 1);
        }

        return (long)Math.Round(score);
    }

    /// <summary>Fewer matching pods is better: the emptiest node gets 100; ignored nodes 0.</summary>
    public void Normalize(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, long[] scores)
    {
        var s = state.Get<SpreadScoreState>(ScoreKey)!;
        long min = long.MaxValue;
        long max = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (s.Ignored.Contains(nodes[i].Name))
            {
                continue;
            }

            min = Math.Min(min, scores[i]);
            max = Math.Max(max, scores[i]);
        }

        for (var i = 0; i < scores.Length; i++)
        {
            if (s.Ignored.Contains(nodes[i].Name))
            {
                scores[i] = 0;
            }
            else if (max == 0)
            {
                scores[i] = ScoreNormalizer.MaxNodeScore;
            }
            else
            {
                scores[i] = ScoreNormalizer.MaxNodeScore * (max + min - scores[i]) / max;
            }
        }
    }
}
