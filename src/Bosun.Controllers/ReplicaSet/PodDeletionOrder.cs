using System.Globalization;
using Bosun.Controllers.Workloads;
using k8s.Models;

namespace Bosun.Controllers.ReplicaSet;

/// <summary>
/// Which pods a scale-down removes first (upstream's ActivePodsWithRanks with LogarithmicScaleDown and PodDeletionCost,
/// both on by default): unassigned before assigned; Pending before Unknown before Running; not ready before ready;
/// lower controller.kubernetes.io/pod-deletion-cost first; pods doubled up on a node with more related pods first;
/// more recently ready first; more container restarts first; more recently created first. "Recently" compares
/// powers-of-two buckets of age, so pods of about the same age are not ordered by noise (ties broken by uid).
/// </summary>
internal static class PodDeletionOrder
{
    /// <summary>The annotation that lets users rank pods for deletion.</summary>
    public const string DeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

    /// <summary>
    /// The <paramref name="count"/> pods of <paramref name="owned"/> to delete; <paramref name="related"/> (the pods of
    /// the owner and its siblings under the same controller) ranks co-location.
    /// </summary>
    public static List<V1Pod> PodsToDelete(IReadOnlyList<V1Pod> owned, IReadOnlyList<V1Pod> related, int count, DateTimeOffset now)
    {
        if (count >= owned.Count)
        {
            return [.. owned];
        }

        var perNode = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pod in related.Where(PodStates.IsActive))
        {
            var node = pod.Spec?.NodeName ?? "";
            perNode[node] = perNode.GetValueOrDefault(node) + 1;
        }

        var ranked = owned.Select(p => new RankedPod(p, perNode.GetValueOrDefault(p.Spec?.NodeName ?? ""))).ToList();
        ranked.Sort(new Comparer(now));
        return [.. ranked.Take(count).Select(r => r.Pod)];
    }

    /// <summary>A pod and how many related active pods share its node.</summary>
    internal sealed record RankedPod(V1Pod Pod, int Rank);

    /// <summary>Orders pods so that the first are the first to delete.</summary>
    internal sealed class Comparer(DateTimeOffset now) : IComparer<RankedPod>
    {
        public int Compare(RankedPod? x, RankedPod? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            return Less(x, y) ? -1 : Less(y, x) ? 1 : 0;
        }

        private bool Less(RankedPod a, RankedPod b)
        {
            var (pa, pb) = (a.Pod, b.Pod);
            var (nodeA, nodeB) = (pa.Spec?.NodeName ?? "", pb.Spec?.NodeName ?? "");
            if (nodeA != nodeB && (nodeA.Length == 0 || nodeB.Length == 0))
            {
                return nodeA.Length == 0;
            }

            var (phaseA, phaseB) = (PhaseOrdinal(pa), PhaseOrdinal(pb));
            if (phaseA != phaseB)
            {
                return phaseA < phaseB;
            }

            var (readyA, readyB) = (PodStates.IsReady(pa), PodStates.IsReady(pb));
            if (readyA != readyB)
            {
                return !readyA;
            }

            var (costA, costB) = (DeletionCost(pa), DeletionCost(pb));
            if (costA != costB)
            {
                return costA < costB;
            }

            if (a.Rank != b.Rank)
            {
                return a.Rank > b.Rank;
            }

            if (readyA && readyB)
            {
                var (sinceA, sinceB) = (PodStates.ReadySince(pa), PodStates.ReadySince(pb));
                if (sinceA != sinceB)
                {
                    return NewerFirst(sinceA, sinceB, pa, pb);
                }
            }

            var (restartsA, restartsB) = (MaxRestarts(pa), MaxRestarts(pb));
            if (restartsA != restartsB)
            {
                return restartsA > restartsB;
            }

            var (createdA, createdB) = (pa.Metadata.CreationTimestamp, pb.Metadata.CreationTimestamp);
            return createdA != createdB && NewerFirst(createdA, createdB, pa, pb);
        }

        /// <summary>Missing times first, then the more recent by log2 buckets of age, ties broken by uid.</summary>
        private bool NewerFirst(DateTime? a, DateTime? b, V1Pod pa, V1Pod pb)
        {
            if (a is null || b is null)
            {
                return a is null;
            }

            var diff = Bucket(a.Value) - Bucket(b.Value);
            return diff == 0 ? string.CompareOrdinal(pa.Metadata.Uid, pb.Metadata.Uid) < 0 : diff < 0;
        }

        private long Bucket(DateTime t)
        {
            var ageNanos = (now.UtcDateTime - DateTime.SpecifyKind(t, DateTimeKind.Utc)).Ticks * 100.0;
            return ageNanos > 0 ? (long)Math.Log2(ageNanos) : -1;
        }
    }

    private static int PhaseOrdinal(V1Pod pod) => pod.Status?.Phase switch
    {
        "Unknown" => 1,
        "Running" => 2,
        _ => 0,
    };

    private static int DeletionCost(V1Pod pod) =>
        pod.Metadata.Annotations?.TryGetValue(DeletionCostAnnotation, out var text) == true
        && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var cost) ? cost : 0;

    private static int MaxRestarts(V1Pod pod) =>
        (pod.Status?.ContainerStatuses ?? []).Concat(pod.Status?.InitContainerStatuses ?? []).Select(s => s.RestartCount).DefaultIfEmpty(0).Max();
}
