using System.Globalization;
using k8s.Models;

namespace Bosun.Controllers.Deployment;

/// <summary>The arithmetic of rollouts (upstream's deploymentutil and intstr helpers), free of I/O so it is unit tested.</summary>
internal static class RolloutMath
{
    /// <summary>
    /// An int or a percentage of <paramref name="total"/>; percentages round up for maxSurge and down for
    /// maxUnavailable, as upstream's GetScaledValueFromIntOrPercent.
    /// </summary>
    public static int Scaled(IntOrString? value, int total, bool roundUp)
    {
        var text = value?.Value;
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        if (text.EndsWith('%'))
        {
            var percent = long.Parse(text[..^1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            var scaled = percent * total;
            return (int)(roundUp ? (scaled + 99) / 100 : scaled / 100);
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new FormatException($"invalid value for IntOrString: invalid type: string is not a percentage: {text}");
    }

    /// <summary>maxSurge and maxUnavailable for <paramref name="desired"/> replicas; never both zero (unavailable becomes 1).</summary>
    public static (int Surge, int Unavailable) ResolveFenceposts(IntOrString? maxSurge, IntOrString? maxUnavailable, int desired)
    {
        var surge = Scaled(maxSurge, desired, roundUp: true);
        var unavailable = Scaled(maxUnavailable, desired, roundUp: false);
        return surge == 0 && unavailable == 0 ? (0, 1) : (surge, unavailable);
    }

    public static bool IsRollingUpdate(V1Deployment d) => d.Spec.Strategy?.Type is null or "RollingUpdate";

    public static int Replicas(V1Deployment d) => d.Spec.Replicas ?? 1;

    public static int Replicas(V1ReplicaSet? rs) => rs?.Spec?.Replicas ?? 0;

    public static int MaxSurge(V1Deployment d) =>
        IsRollingUpdate(d) ? ResolveFenceposts(d.Spec.Strategy?.RollingUpdate?.MaxSurge, d.Spec.Strategy?.RollingUpdate?.MaxUnavailable, Replicas(d)).Surge : 0;

    public static int MaxUnavailable(V1Deployment d)
    {
        if (!IsRollingUpdate(d) || Replicas(d) == 0)
        {
            return 0;
        }

        var unavailable = ResolveFenceposts(d.Spec.Strategy?.RollingUpdate?.MaxSurge, d.Spec.Strategy?.RollingUpdate?.MaxUnavailable, Replicas(d)).Unavailable;
        return Math.Min(unavailable, Replicas(d));
    }

    /// <summary>Sum of spec.replicas.</summary>
    public static int SpecReplicas(IEnumerable<V1ReplicaSet?> sets) => sets.Sum(Replicas);

    /// <summary>Sum of status.replicas.</summary>
    public static int ActualReplicas(IEnumerable<V1ReplicaSet?> sets) => sets.Sum(rs => rs?.Status?.Replicas ?? 0);

    public static int ReadyReplicas(IEnumerable<V1ReplicaSet?> sets) => sets.Sum(rs => rs?.Status?.ReadyReplicas ?? 0);

    public static int AvailableReplicas(IEnumerable<V1ReplicaSet?> sets) => sets.Sum(rs => rs?.Status?.AvailableReplicas ?? 0);

    /// <summary>How big the new ReplicaSet may be now: up to the surge limit for RollingUpdate, the full size for Recreate.</summary>
    public static int NewReplicaSetReplicas(V1Deployment d, IEnumerable<V1ReplicaSet?> all, V1ReplicaSet? newRs)
    {
        if (!IsRollingUpdate(d))
        {
            return Replicas(d);
        }

        var current = SpecReplicas(all);
        var maxTotal = Replicas(d) + MaxSurge(d);
        if (current >= maxTotal)
        {
            return Replicas(newRs);
        }

        return Replicas(newRs) + Math.Min(maxTotal - current, Replicas(d) - Replicas(newRs));
    }

    /// <summary>Fully rolled out on this ReplicaSet: sized for the Deployment and all of it available.</summary>
    public static bool IsSaturated(V1Deployment d, V1ReplicaSet? rs) =>
        rs is not null && RevisionAnnotations.DesiredReplicasOf(rs) == Replicas(d) && Replicas(rs) == Replicas(d) && (rs.Status?.AvailableReplicas ?? 0) == Replicas(d);

    /// <summary>
    /// This ReplicaSet's share of <paramref name="toAdd"/> when a Deployment is resized mid-rollout (upstream's
    /// GetProportion): its size relative to the size it was last scaled for (max-replicas annotation), capped by what is
    /// left to hand out.
    /// </summary>
    public static int Proportion(V1ReplicaSet rs, V1Deployment d, int toAdd, int added)
    {
        if (Replicas(rs) == 0 || toAdd == 0 || toAdd == added)
        {
            return 0;
        }

        var fraction = Fraction(rs, d);
        var allowed = toAdd - added;
        return toAdd > 0 ? Math.Min(fraction, allowed) : Math.Max(fraction, allowed);
    }

    private static int Fraction(V1ReplicaSet rs, V1Deployment d)
    {
        if (Replicas(d) == 0)
        {
            return -Replicas(rs);
        }

        var deploymentReplicas = Replicas(d) + MaxSurge(d);
        var annotated = RevisionAnnotations.MaxReplicasOf(rs) ?? d.Status?.Replicas ?? 0;
        if (annotated == 0)
        {
            return 0;
        }

        var size = (double)Replicas(rs) * deploymentReplicas / annotated;
        return (int)Math.Round(size, MidpointRounding.AwayFromZero) - Replicas(rs);
    }
}
