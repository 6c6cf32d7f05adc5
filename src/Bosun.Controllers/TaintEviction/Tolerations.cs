using k8s.Models;

namespace Bosun.Controllers.TaintEviction;

/// <summary>How a pod's tolerations meet a node's NoExecute taints (v1.Toleration.ToleratesTaint semantics).</summary>
internal static class Tolerations
{
    /// <summary>True when <paramref name="toleration"/> tolerates <paramref name="taint"/>.</summary>
    public static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        ArgumentNullException.ThrowIfNull(toleration);
        ArgumentNullException.ThrowIfNull(taint);
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect)
        {
            return false;
        }

        if (!string.IsNullOrEmpty(toleration.Key) && toleration.Key != taint.Key)
        {
            return false;
        }

        return toleration.OperatorProperty switch
        {
            "Exists" => true,
            null or "" or "Equal" => (toleration.Value ?? "") == (taint.Value ?? ""),
            _ => false,
        };
    }

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
            var matching = (tolerations ?? []).Where(t => Tolerates(t, taint)).ToList();
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
