using k8s.Models;

namespace Bosun.Controllers.Workloads;

/// <summary>The pod predicates workload controllers count by (upstream's controller.IsPodActive, podutil.IsPodReady/IsPodAvailable).</summary>
internal static class PodStates
{
    /// <summary>Neither finished (Succeeded/Failed) nor being deleted: the pods a replica count counts.</summary>
    public static bool IsActive(V1Pod pod) =>
        pod.Metadata.DeletionTimestamp is null && pod.Status?.Phase is not ("Succeeded" or "Failed");

    /// <summary>The Ready condition is True.</summary>
    public static bool IsReady(V1Pod pod) => ReadyCondition(pod)?.Status == "True";

    /// <summary>When the pod last became ready (null when not ready or unknown).</summary>
    public static DateTime? ReadySince(V1Pod pod) =>
        ReadyCondition(pod) is { Status: "True" } c ? c.LastTransitionTime : null;

    /// <summary>Ready for at least <paramref name="minReadySeconds"/> at <paramref name="now"/>.</summary>
    public static bool IsAvailable(V1Pod pod, int minReadySeconds, DateTimeOffset now)
    {
        if (!IsReady(pod))
        {
            return false;
        }

        if (minReadySeconds == 0)
        {
            return true;
        }

        // Upstream: lastTransitionTime + minReadySeconds strictly before now; a ready pod without the time is not available yet.
        return ReadySince(pod) is { } since && new DateTimeOffset(DateTime.SpecifyKind(since, DateTimeKind.Utc)).AddSeconds(minReadySeconds) < now;
    }

    private static V1PodCondition? ReadyCondition(V1Pod pod) => pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
}
