using Bosun.Scheduler.Cache;
using Bosun.Scheduler.Framework;

namespace Bosun.Scheduler.Plugins.InterPodAffinity;

/// <summary>
/// Required pod affinity and anti-affinity by topology domain, both the incoming pod's and the existing pods'
/// anti-affinity against it (filter), and the preferred terms of both sides (score). The domain counts are
/// computed once per cycle (pre-filter); the filter only looks them up.
/// </summary>
internal sealed class InterPodAffinityPlugin : IPreFilterPlugin, IFilterPlugin, IScorePlugin
{
    public const string PluginName = "InterPodAffinity";
    public const string ErrReasonExistingAntiAffinity = "node(s) didn't satisfy existing pods anti-affinity rules";
    public const string ErrReasonAffinity = "node(s) didn't match pod affinity rules";
    public const string ErrReasonAntiAffinity = "node(s) didn't match pod anti-affinity rules";

    // Weight given to an existing pod's required affinity term that selects the incoming pod (upstream's default).
    private const long HardPodAffinityWeight = 1;
    private const string ScoreKey = PluginName + "/score";

    private static readonly NodeStatus AffinityRejected = new(PluginName, StatusCode.UnschedulableAndUnresolvable, ErrReasonAffinity);
    private static readonly NodeStatus AntiAffinityRejected = new(PluginName, StatusCode.Unschedulable, ErrReasonAntiAffinity);
    private static readonly NodeStatus ExistingRejected = new(PluginName, StatusCode.Unschedulable, ErrReasonExistingAntiAffinity);

    private int _lastExistingAntiAffinity;
    private int _lastAntiAffinity;

    public string Name => PluginName;

    public int Weight => 2;

    public void PreFilter(CycleState state, PodInfo pod, Snapshot snapshot)
    {
        var objects = snapshot.Objects;
        var s = new InterPodAffinityState
        {
            MatchesOwnAffinity = pod.RequiredAffinity.All(t => t.Matches(pod, objects)),
            Objects = objects,
            Snapshot = snapshot,
            ExistingAntiAffinity = new TopologyCounts(Volatile.Read(ref _lastExistingAntiAffinity)),
            AntiAffinity = new TopologyCounts(pod.RequiredAntiAffinity.Length > 0 ? Volatile.Read(ref _lastAntiAffinity) : 0),
        };
        foreach (var node in snapshot.HavePodsWithRequiredAntiAffinity)
        {
            var local = snapshot.HostnameIsUnique(node);
            foreach (var existing in node.PodsWithRequiredAntiAffinity)
            {
                if (local && existing.AntiAffinityOnHostnameOnly)
                {
                    // The filter checks this node's own pods: no cluster-wide count needed.
                    continue;
                }

                AddExistingAntiAffinity(s, pod, existing, node, 1, objects, local);
            }
        }

        if (pod.RequiredAffinity.Length > 0 || (pod.RequiredAntiAffinity.Length > 0 && !pod.AntiAffinityOnHostnameOnly))
        {
            foreach (var node in snapshot.Nodes)
            {
                var local = snapshot.HostnameIsUnique(node);
                foreach (var existing in node.Pods)
                {
                    AddIncomingTerms(s, pod, existing, node, 1, objects, local);
                }
            }
        }
        else if (pod.RequiredAntiAffinity.Length > 0)
        {
            // Hostname-only anti-affinity: only nodes sharing a hostname value need counting.
            foreach (var node in snapshot.Nodes)
            {
                if (node.Pods.Count > 0 && !snapshot.HostnameIsUnique(node))
                {
                    foreach (var existing in node.Pods)
                    {
                        AddIncomingTerms(s, pod, existing, node, 1, objects, local: false);
                    }
                }
            }
        }

        // Pods of one workload come in series: the next cycle's maps will be about this size.
        Volatile.Write(ref _lastExistingAntiAffinity, s.ExistingAntiAffinity.Count);
        if (pod.RequiredAntiAffinity.Length > 0)
        {
            Volatile.Write(ref _lastAntiAffinity, s.AntiAffinity.Count);
        }

        state.Set(PluginName, s);
    }

    public void Update(CycleState state, PodInfo pod, PodInfo other, NodeInfo node, int sign)
    {
        var s = state.Get<InterPodAffinityState>(PluginName);
        if (s is null)
        {
            return;
        }

        var objects = s.Objects;
        // Node-local terms are read from the (trial) node's pods by the filter itself.
        var local = s.Snapshot.HostnameIsUnique(node);
        AddExistingAntiAffinity(s, pod, other, node, sign, objects, local);
        AddIncomingTerms(s, pod, other, node, sign, objects, local);
    }

    public NodeStatus? Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        var s = state.Get<InterPodAffinityState>(PluginName)!;
        if (!SatisfiesAffinity(s, pod, node))
        {
            return AffinityRejected;
        }

        var local = s.Snapshot.HostnameIsUnique(node);
        foreach (var term in pod.RequiredAntiAffinity)
        {
            if (!node.Labels.TryGetValue(term.TopologyKey, out var value))
            {
                continue;
            }

            if (s.AntiAffinity.Get(term.TopologyKey, value) > 0 || (local && term.TopologyKey == Snapshot.HostnameKey && AnyMatches(term, node.Pods, s.Objects)))
            {
                return AntiAffinityRejected;
            }
        }

        if (s.ExistingAntiAffinity.Count > 0 && s.ExistingAntiAffinity.AnyPositive(node.Labels))
        {
            return ExistingRejected;
        }

        if (local)
        {
            foreach (var existing in node.PodsWithRequiredAntiAffinity)
            {
                foreach (var term in existing.RequiredAntiAffinity)
                {
                    if (term.TopologyKey == Snapshot.HostnameKey && term.Matches(pod, s.Objects))
                    {
                        return ExistingRejected;
                    }
                }
            }
        }

        return null;
    }

    private static bool AnyMatches(AffinityTerm term, List<PodInfo> pods, INamespaceLabels objects)
    {
        foreach (var p in pods)
        {
            if (term.Matches(p, objects))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SatisfiesAffinity(InterPodAffinityState s, PodInfo pod, NodeInfo node)
    {
        var podsExist = true;
        foreach (var term in pod.RequiredAffinity)
        {
            if (!node.Labels.TryGetValue(term.TopologyKey, out var value))
            {
                // A node without the topology key can never satisfy the term.
                return false;
            }

            if (s.Affinity.Get(term.TopologyKey, value) <= 0)
            {
                podsExist = false;
            }
        }

        // The first pod of a group that selects itself may go anywhere: nothing matches its terms yet.
        return podsExist || (s.Affinity.Count == 0 && s.MatchesOwnAffinity);
    }

    private static void AddExistingAntiAffinity(InterPodAffinityState s, PodInfo pod, PodInfo existing, NodeInfo node, int sign, INamespaceLabels objects, bool local)
    {
        foreach (var term in existing.RequiredAntiAffinity)
        {
            if (local && term.TopologyKey == Snapshot.HostnameKey)
            {
                continue;
            }

            if (node.Labels.TryGetValue(term.TopologyKey, out var value) && term.Matches(pod, objects))
            {
                s.ExistingAntiAffinity.Add(term.TopologyKey, value, sign);
            }
        }
    }

    private static void AddIncomingTerms(InterPodAffinityState s, PodInfo pod, PodInfo existing, NodeInfo node, int sign, INamespaceLabels objects, bool local)
    {
        if (pod.RequiredAffinity.Length > 0)
        {
            var all = true;
            foreach (var term in pod.RequiredAffinity)
            {
                if (!term.Matches(existing, objects))
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                foreach (var term in pod.RequiredAffinity)
                {
                    if (node.Labels.TryGetValue(term.TopologyKey, out var value))
                    {
                        s.Affinity.Add(term.TopologyKey, value, sign);
                    }
                }
            }
        }

        foreach (var term in pod.RequiredAntiAffinity)
        {
            if (local && term.TopologyKey == Snapshot.HostnameKey)
            {
                continue;
            }

            if (node.Labels.TryGetValue(term.TopologyKey, out var value) && term.Matches(existing, objects))
            {
                s.AntiAffinity.Add(term.TopologyKey, value, sign);
            }
        }
    }

    public bool PreScore(CycleState state, PodInfo pod, Snapshot snapshot, IReadOnlyList<NodeInfo> nodes)
    {
        var hasPreferred = pod.PreferredAffinity.Length > 0 || pod.PreferredAntiAffinity.Length > 0;
        if (!hasPreferred && snapshot.HavePodsWithAffinity.Count == 0)
        {
            return false;
        }

        var objects = snapshot.Objects;
        var scores = new TopologyCounts();
        foreach (var node in hasPreferred ? snapshot.Nodes : snapshot.HavePodsWithAffinity)
        {
            foreach (var existing in hasPreferred ? node.Pods : node.PodsWithAffinity)
            {
                if (!hasPreferred && existing.RequiredAffinity.Length == 0 && existing.PreferredAffinity.Length == 0 && existing.PreferredAntiAffinity.Length == 0)
                {
                    // Only required anti-affinity: that is the filter's business, it scores nothing.
                    continue;
                }

                Score(scores, pod.PreferredAffinity, existing, node, 1, objects);
                Score(scores, pod.PreferredAntiAffinity, existing, node, -1, objects);
                foreach (var term in existing.RequiredAffinity)
                {
                    if (node.Labels.TryGetValue(term.TopologyKey, out var value) && term.Matches(pod, objects))
                    {
                        scores.Add(term.TopologyKey, value, HardPodAffinityWeight);
                    }
                }

                Score(scores, existing.PreferredAffinity, pod, node, 1, objects);
                Score(scores, existing.PreferredAntiAffinity, pod, node, -1, objects);
            }
        }

        if (scores.Count == 0)
        {
            return false;
        }

        state.Set(ScoreKey, new ScoreState(scores));
        return true;
    }

    private static void Score(TopologyCounts scores, AffinityTerm[] terms, PodInfo target, NodeInfo node, int sign, INamespaceLabels objects)
    {
        foreach (var term in terms)
        {
            if (node.Labels.TryGetValue(term.TopologyKey, out var value) && term.Matches(target, objects))
            {
                scores.Add(term.TopologyKey, value, sign * term.Weight);
            }
        }
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        var s = state.Get<ScoreState>(ScoreKey)!;
        var score = s.Scores.Sum(node.Labels);
        return score;
    }

    /// <summary>Min-max scaling: the lowest raw score (which may be negative) becomes 0, the highest 100.</summary>
    public void Normalize(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, long[] scores)
    {
        if (scores.Length == 0)
        {
            return;
        }

        var min = scores.Min();
        var diff = scores.Max() - min;
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = diff > 0 ? ScoreNormalizer.MaxNodeScore * (scores[i] - min) / diff : 0;
        }
    }

    private sealed class ScoreState(TopologyCounts scores) : IPluginState
    {
        public TopologyCounts Scores { get; } = scores;

        public IPluginState Clone() => this;
    }
}
