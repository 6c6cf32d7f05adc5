using Bosun.Scheduler.Framework;

namespace Bosun.Scheduler.Plugins.PodTopologySpread;

/// <summary>Soft constraints of one cycle: matching pods per non-hostname domain, domain weights, ignored nodes.</summary>
internal sealed class SpreadScoreState(SpreadConstraint[] constraints) : IPluginState
{
    public SpreadConstraint[] Constraints { get; } = constraints;

    public Dictionary<TopologyPair, int> PairCounts { get; } = [];

    public double[] Weights { get; } = new double[constraints.Length];

    public HashSet<string> Ignored { get; } = new(StringComparer.Ordinal);

    public IPluginState Clone() => this;
}
