using System.Globalization;
using k8s.Models;

namespace Bosun.Controllers.Disruption;

/// <summary>The arithmetic of a PodDisruptionBudget's status, as the disruption controller does it.</summary>
internal static class DisruptionBudgetMath
{
    /// <summary>
    /// True when the budget is measured against its pods' controllers' replicas (a percentage minAvailable, or any
    /// maxUnavailable) rather than the pods that exist.
    /// </summary>
    public static bool NeedsControllerScale(V1PodDisruptionBudgetSpec spec) =>
        spec?.MaxUnavailable is not null || (spec?.MinAvailable is { } min && IsPercent(min));

    /// <summary>
    /// Expected pods and how many of them must stay healthy. An integer minAvailable counts the selected pods;
    /// otherwise (see <see cref="NeedsControllerScale"/>) <paramref name="controllerScale"/> is the expected count.
    /// </summary>
    public static (int Expected, int DesiredHealthy) Desired(V1PodDisruptionBudgetSpec spec, int selectedPods, int controllerScale)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.MaxUnavailable is { } maxUnavailable)
        {
            var unavailable = Scaled(maxUnavailable, controllerScale, roundUp: true);
            return (controllerScale, Math.Max(0, controllerScale - unavailable));
        }

        if (spec.MinAvailable is { } minAvailable)
        {
            return IsPercent(minAvailable)
                ? (controllerScale, Scaled(minAvailable, controllerScale, roundUp: true))
                : (selectedPods, Scaled(minAvailable, selectedPods, roundUp: true));
        }

        // Neither (policy/v1 allows it): nothing is expected, and Allowed then answers 0, as upstream.
        return (0, 0);
    }

    /// <summary>An int-or-percent against <paramref name="total"/> (percentages rounded up, as intstr.GetScaledValueFromIntOrPercent).</summary>
    public static int Scaled(IntOrString value, int total, bool roundUp)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Value ?? "0";
        if (!text.EndsWith('%'))
        {
            return int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        var percent = int.Parse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture);
        var scaled = percent * (long)total / 100.0;
        return (int)(roundUp ? Math.Ceiling(scaled) : Math.Floor(scaled));
    }

    public static bool IsPercent(IntOrString value) => value?.Value?.EndsWith('%') == true;

    /// <summary>Disruptions still allowed: the healthy pods above the desired count, never negative.</summary>
    public static int Allowed(int currentHealthy, int desiredHealthy, int expected) =>
        expected <= 0 ? 0 : Math.Max(0, currentHealthy - desiredHealthy);
}
