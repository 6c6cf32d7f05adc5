using k8s.Models;

namespace Bosun.Client.Models;

/// <summary>
/// Taint/toleration matching as v1.Toleration.ToleratesTaint (shared by the scheduler's TaintToleration plugin and
/// the taint eviction controller, so both read a toleration the same way).
/// </summary>
public static class Tolerations
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

        // An empty key with Exists matches every taint.
        return toleration.OperatorProperty switch
        {
            "Exists" => true,
            null or "" or "Equal" => (toleration.Value ?? "") == (taint.Value ?? ""),
            _ => false,
        };
    }

    /// <summary>True when one of <paramref name="tolerations"/> tolerates <paramref name="taint"/>.</summary>
    public static bool AnyTolerates(IList<V1Toleration>? tolerations, V1Taint taint)
    {
        if (tolerations is null)
        {
            return false;
        }

        foreach (var t in tolerations)
        {
            if (Tolerates(t, taint))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first taint with one of the effects that no toleration tolerates, or null.</summary>
    public static V1Taint? FirstUntolerated(IList<V1Taint>? taints, IList<V1Toleration>? tolerations, Func<string, bool> effect)
    {
        ArgumentNullException.ThrowIfNull(effect);
        if (taints is null)
        {
            return null;
        }

        foreach (var taint in taints)
        {
            if (effect(taint.Effect) && !AnyTolerates(tolerations, taint))
            {
                return taint;
            }
        }

        return null;
    }
}
