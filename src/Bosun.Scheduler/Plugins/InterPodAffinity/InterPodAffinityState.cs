using Bosun.Scheduler.Framework;

namespace Bosun.Scheduler.Plugins.InterPodAffinity;

/// <summary>
/// Per topology domain, how many existing pods matter to the incoming pod: pods whose required anti-affinity
/// selects it, pods matching all its required affinity terms, pods matching each of its anti-affinity terms.
/// </summary>
internal sealed class InterPodAffinityState : IPluginState
{
    public Dictionary<TopologyPair, long> ExistingAntiAffinity { get; private init; } = [];

    public Dictionary<TopologyPair, long> Affinity { get; private init; } = [];

    public Dictionary<TopologyPair, long> AntiAffinity { get; private init; } = [];

    /// <summary>True when the incoming pod matches all of its own required affinity terms (it may start a group).</summary>
    public bool MatchesOwnAffinity { get; init; }

    /// <summary>Namespace labels for terms with a namespaceSelector.</summary>
    public required INamespaceLabels Objects { get; init; }

    public IPluginState Clone() => new InterPodAffinityState
    {
        Objects = Objects,
        ExistingAntiAffinity = new(ExistingAntiAffinity),
        Affinity = new(Affinity),
        AntiAffinity = new(AntiAffinity),
        MatchesOwnAffinity = MatchesOwnAffinity,
    };
}
