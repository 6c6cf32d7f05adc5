using Bosun.Scheduler.Cache;
using Bosun.Scheduler.Framework;

namespace Bosun.Scheduler.Plugins.InterPodAffinity;

/// <summary>
/// Per topology domain, how many existing pods matter to the incoming pod: pods whose required anti-affinity
/// selects it, pods matching all its required affinity terms, pods matching each of its anti-affinity terms.
/// </summary>
internal sealed class InterPodAffinityState : IPluginState
{
    public TopologyCounts ExistingAntiAffinity { get; init; } = new();

    public TopologyCounts Affinity { get; init; } = new();

    public TopologyCounts AntiAffinity { get; init; } = new();

    /// <summary>True when the incoming pod matches all of its own required affinity terms (it may start a group).</summary>
    public bool MatchesOwnAffinity { get; init; }

    /// <summary>The cycle's snapshot: which nodes are their own hostname domain.</summary>
    public required Snapshot Snapshot { get; init; }

    /// <summary>Namespace labels for terms with a namespaceSelector.</summary>
    public required INamespaceLabels Objects { get; init; }

    public IPluginState Clone() => new InterPodAffinityState
    {
        Objects = Objects,
        Snapshot = Snapshot,
        ExistingAntiAffinity = ExistingAntiAffinity.Clone(),
        Affinity = Affinity.Clone(),
        AntiAffinity = AntiAffinity.Clone(),
        MatchesOwnAffinity = MatchesOwnAffinity,
    };
}
