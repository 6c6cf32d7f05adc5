using Bosun.Client.Models;
using k8s.Models;

namespace Bosun.Controllers.TaintEviction;

/// <summary>How long a pod's tolerations let it stay on a node with NoExecute taints.</summary>
internal static class EvictionDelay
{
    /// <summary>
    /// When a pod on a node with these NoExecute taints must go: null when it tolerates them all forever,
    /// <see cref="TimeSpan.Zero"/> when one is not tolerated at all, otherwise the shortest tolerationSeconds among the
    /// tolerations it relies on (negative seconds count as zero).
    /// </summary>
    public static TimeSpan? EvictAfter(IEnumerable<V1Taint> noExecuteTaints, IList<V1Toleration>? tolerations)
    {
        ArgumentNullException.ThrowIfNull(noExecuteTaints);
        TimeSpan? shortest = null;
        foreach (var taint in noExecuteTaints)
        {
            var matching = (tolerations ?? []).Where(t => Tolerations.Tolerates(t, taint)).ToList();
            if (matching.Count == 0)
            {
                return TimeSpan.Zero;
            }

            // Several tolerations of one taint: the most lenient wins (a forever toleration among them means forever).
            if (matching.Any(t => t.TolerationSeconds is null))
            {
                continue;
            }

            var seconds = TimeSpan.FromSeconds(Math.Max(0, matching.Max(t => t.TolerationSeconds!.Value)));
            shortest = shortest is null || seconds < shortest ? seconds : shortest;
        }

        return shortest;
    }
}
