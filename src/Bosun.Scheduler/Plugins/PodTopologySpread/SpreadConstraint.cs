using Bosun.Client.Models;
using Bosun.Scheduler.Framework;
using k8s.Models;

namespace Bosun.Scheduler.Plugins.PodTopologySpread;

/// <summary>
/// A compiled topology spread constraint: matchLabelKeys folded into the selector, minDomains, and the node
/// inclusion policies (nodeAffinityPolicy Honor and nodeTaintsPolicy Ignore by default, as upstream).
/// </summary>
internal sealed record SpreadConstraint(int MaxSkew, string TopologyKey, LabelMatcher Selector, int MinDomains, bool HonorNodeAffinity, bool HonorTaints)
{
    public const string Hostname = "kubernetes.io/hostname";
    public const string Zone = "topology.kubernetes.io/zone";

    /// <summary>The pod's constraints with the given whenUnsatisfiable (DoNotSchedule or ScheduleAnyway).</summary>
    public static SpreadConstraint[] From(PodInfo pod, string whenUnsatisfiable)
    {
        var constraints = pod.Pod.Spec?.TopologySpreadConstraints;
        if (constraints is null || constraints.Count == 0)
        {
            return [];
        }

        var result = new List<SpreadConstraint>();
        foreach (var c in constraints)
        {
            if (c.WhenUnsatisfiable != whenUnsatisfiable)
            {
                continue;
            }

            var selector = LabelMatcher.From(c.LabelSelector);
            foreach (var key in c.MatchLabelKeys ?? [])
            {
                if (pod.Labels.TryGetValue(key, out var value))
                {
                    selector = selector.WithEquals(key, value);
                }
            }

            result.Add(new SpreadConstraint(
                c.MaxSkew,
                c.TopologyKey ?? "",
                selector,
                c.MinDomains is > 0 and var min ? min : 1,
                c.NodeAffinityPolicy != "Ignore",
                c.NodeTaintsPolicy == "Honor"));
        }

        return [.. result];
    }

    /// <summary>Upstream's system defaults for pods without constraints: hostname skew 3, zone skew 5, both soft.</summary>
    public static SpreadConstraint[] SystemDefaults(LabelMatcher selector) =>
    [
        new(3, Hostname, selector, 1, true, false),
        new(5, Zone, selector, 1, true, false),
    ];

    /// <summary>Whether the node counts for this constraint under its inclusion policies.</summary>
    public bool Includes(PodInfo pod, NodeInfo node)
    {
        if (HonorNodeAffinity && !pod.NodeSelector.IsEverything && !pod.NodeSelector.Matches(node.Node!))
        {
            return false;
        }

        return !HonorTaints || Tolerations.FirstUntolerated(node.Taints, pod.Tolerations, e => e is "NoSchedule" or "NoExecute") is null;
    }

    /// <summary>Pods on the node in <paramref name="ns"/> that the selector picks, not counting terminating ones.</summary>
    public int CountMatching(NodeInfo node, string ns)
    {
        var count = 0;
        foreach (var p in node.Pods)
        {
            if (!p.Terminating && p.Namespace == ns && Selector.Matches(p.Labels))
            {
                count++;
            }
        }

        return count;
    }

    public static bool HasAllKeys(NodeInfo node, SpreadConstraint[] constraints)
    {
        foreach (var c in constraints)
        {
            if (!node.Labels.ContainsKey(c.TopologyKey))
            {
                return false;
            }
        }

        return true;
    }
}
