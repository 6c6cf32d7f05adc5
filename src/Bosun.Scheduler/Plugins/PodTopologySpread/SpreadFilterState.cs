using Bosun.Scheduler.Framework;

namespace Bosun.Scheduler.Plugins.PodTopologySpread;

/// <summary>Per hard constraint: matching pods per domain, and the smallest count (0 while fewer than minDomains domains exist).</summary>
internal sealed class SpreadFilterState : IPluginState
{
    public SpreadFilterState(SpreadConstraint[] constraints)
    {
        Constraints = constraints;
        Counts = [.. constraints.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal))];
        Min = new int[constraints.Length];
    }

    private SpreadFilterState(SpreadConstraint[] constraints, Dictionary<string, int>[] counts, int[] min)
    {
        Constraints = constraints;
        Counts = counts;
        Min = min;
    }

    public SpreadConstraint[] Constraints { get; }

    public Dictionary<string, int>[] Counts { get; }

    public int[] Min { get; }

    public void RecomputeMin()
    {
        for (var i = 0; i < Constraints.Length; i++)
        {
            var counts = Counts[i];
            var min = counts.Count == 0 ? 0 : int.MaxValue;
            foreach (var n in counts.Values)
            {
                min = Math.Min(min, n);
            }

            Min[i] = counts.Count < Constraints[i].MinDomains ? 0 : min;
        }
    }

    public IPluginState Clone() => new SpreadFilterState(Constraints, [.. Counts.Select(c => new Dictionary<string, int>(c, StringComparer.Ordinal))], (int[])Min.Clone());
}
