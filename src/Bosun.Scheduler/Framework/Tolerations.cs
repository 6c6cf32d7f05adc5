using k8s.Models;

namespace Bosun.Scheduler.Framework;

/// <summary>Taint/toleration matching as v1.Toleration.ToleratesTaint.</summary>
internal static class Tolerations
{
    public static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
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
