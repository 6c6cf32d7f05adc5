using k8s.Models;

namespace Bosun.Scheduler.Framework;

/// <summary>
/// A compiled pod (anti-)affinity term: which pods it selects (label selector, and namespaces: the listed ones,
/// those the namespace selector picks, or the owner's own when neither is given) and the topology key.
/// </summary>
internal sealed class AffinityTerm
{
    private readonly HashSet<string> _namespaces;
    private readonly LabelMatcher _namespaceSelector;

    private AffinityTerm(LabelMatcher selector, HashSet<string> namespaces, LabelMatcher namespaceSelector, string topologyKey, int weight)
    {
        Selector = selector;
        _namespaces = namespaces;
        _namespaceSelector = namespaceSelector;
        TopologyKey = topologyKey;
        Weight = weight;
    }

    public LabelMatcher Selector { get; }

    public string TopologyKey { get; }

    /// <summary>The weight of a preferred term (1 for required ones).</summary>
    public int Weight { get; }

    public static AffinityTerm Create(V1PodAffinityTerm term, string ownerNamespace, int weight = 1)
    {
        var namespaces = new HashSet<string>(term.Namespaces ?? [], StringComparer.Ordinal);
        var namespaceSelector = term.NamespaceSelector is null ? LabelMatcher.Nothing : LabelMatcher.From(term.NamespaceSelector);
        if (namespaces.Count == 0 && term.NamespaceSelector is null)
        {
            namespaces.Add(ownerNamespace);
        }

        var selector = LabelMatcher.From(term.LabelSelector);
        return new AffinityTerm(selector, namespaces, namespaceSelector, term.TopologyKey ?? "", weight);
    }

    /// <summary>True when <paramref name="pod"/> is in one of the term's namespaces and has the selected labels.</summary>
    public bool Matches(PodInfo pod, INamespaceLabels namespaces)
    {
        if (!_namespaces.Contains(pod.Namespace))
        {
            if (_namespaceSelector.IsEverything)
            {
                // Every namespace: no lookup needed.
            }
            else if (!_namespaceSelector.Matches(namespaces.LabelsOf(pod.Namespace)))
            {
                return false;
            }
        }

        return Selector.Matches(pod.Labels);
    }
}
