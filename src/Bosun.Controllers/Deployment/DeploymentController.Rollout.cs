using System.Net;
using Bosun.Client.Informers;
using Bosun.Controllers.Workloads;
using k8s;
using k8s.Models;

namespace Bosun.Controllers.Deployment;

/// <summary>The rollout strategies, scaling, history cleanup and status of <see cref="DeploymentController"/>.</summary>
internal sealed partial class DeploymentController
{
    private async Task RolloutRollingAsync(V1Deployment d, List<V1ReplicaSet> replicaSets, CancellationToken cancellationToken)
    {
        var (current, group) = await ReplicaSetsAndRevisionAsync(d, replicaSets, create: true, cancellationToken);
        d = current;
        if (await ReconcileNewAsync(d, group, cancellationToken) || await ReconcileOldAsync(d, group, cancellationToken))
        {
            await SyncRolloutStatusAsync(d, group, cancellationToken);
            return;
        }

        if (IsComplete(d, d.Status))
        {
            await CleanupAsync(d, group, cancellationToken);
        }

        await SyncRolloutStatusAsync(d, group, cancellationToken);
    }

    private async Task<bool> ReconcileNewAsync(V1Deployment d, ReplicaSetGroup group, CancellationToken cancellationToken)
    {
        var newSet = group.New!;
        var size = RolloutMath.Replicas(newSet);
        if (size == RolloutMath.Replicas(d))
        {
            return false;
        }

        var target = size > RolloutMath.Replicas(d) ? RolloutMath.Replicas(d) : RolloutMath.NewReplicaSetReplicas(d, group.All, newSet);
        return await ScaleAndRecordAsync(d, group, newSet, target, cancellationToken);
    }

    /// <summary>Scales old ReplicaSets down as far as maxUnavailable allows, unhealthy replicas first (upstream's reconcileOldReplicaSets).</summary>
    private async Task<bool> ReconcileOldAsync(V1Deployment d, ReplicaSetGroup group, CancellationToken cancellationToken)
    {
        if (RolloutMath.SpecReplicas(group.ActiveOld) == 0)
        {
            return false;
        }

        var minAvailable = RolloutMath.Replicas(d) - RolloutMath.MaxUnavailable(d);
        var newSet = group.New!;
        var newUnavailable = RolloutMath.Replicas(newSet) - (newSet.Status?.AvailableReplicas ?? 0);
        var maxScaledDown = RolloutMath.SpecReplicas(group.All) - minAvailable - newUnavailable;
        if (maxScaledDown <= 0)
        {
            return false;
        }

        // Unhealthy replicas of old sets go first: they hold no availability and would block the rollout.
        var cleaned = 0;
        var oldest = group.ActiveOld;
        oldest.Sort(ReplicaSetGroup.ByCreation);
        foreach (var rs in oldest)
        {
            var unhealthy = RolloutMath.Replicas(rs) - (rs.Status?.AvailableReplicas ?? 0);
            var count = Math.Min(maxScaledDown - cleaned, unhealthy);
            if (cleaned >= maxScaledDown)
            {
                break;
            }

            if (count <= 0)
            {
                continue;
            }

            await ScaleAndRecordAsync(d, group, rs, RolloutMath.Replicas(rs) - count, cancellationToken);
            cleaned += count;
        }

        // Then healthy ones, as far as availability above minAvailable allows. A set's available count is capped at
        // its size: its status may still count pods a scale-down is about to remove.
        var available = group.All.Sum(rs => Math.Min(rs.Status?.AvailableReplicas ?? 0, RolloutMath.Replicas(rs)));
        var scaledDown = 0;
        if (available > minAvailable)
        {
            var budget = available - minAvailable;
            oldest = group.ActiveOld;
            oldest.Sort(ReplicaSetGroup.ByCreation);
            foreach (var rs in oldest)
            {
                if (scaledDown >= budget)
                {
                    break;
                }

                var count = Math.Min(RolloutMath.Replicas(rs), budget - scaledDown);
                await ScaleAndRecordAsync(d, group, rs, RolloutMath.Replicas(rs) - count, cancellationToken);
                scaledDown += count;
            }
        }

        return cleaned + scaledDown > 0;
    }

    private async Task RolloutRecreateAsync(V1Deployment d, List<V1ReplicaSet> replicaSets, CancellationToken cancellationToken)
    {
        var (current, group) = await ReplicaSetsAndRevisionAsync(d, replicaSets, create: false, cancellationToken);
        d = current;
        var scaledDown = false;
        foreach (var rs in group.ActiveOld)
        {
            scaledDown |= await ScaleAndRecordAsync(d, group, rs, 0, cancellationToken);
        }

        if (scaledDown || OldPodsRunning(group))
        {
            await SyncRolloutStatusAsync(d, group, cancellationToken);
            return;
        }

        if (group.New is null)
        {
            (d, group) = await ReplicaSetsAndRevisionAsync(d, group.All, create: true, cancellationToken);
        }

        await ScaleAndRecordAsync(d, group, group.New!, RolloutMath.Replicas(d), cancellationToken);
        if (IsComplete(d, d.Status))
        {
            await CleanupAsync(d, group, cancellationToken);
        }

        await SyncRolloutStatusAsync(d, group, cancellationToken);
    }

    /// <summary>Recreate waits until no old ReplicaSet reports replicas and none of their pods is still running.</summary>
    private bool OldPodsRunning(ReplicaSetGroup group)
    {
        if (RolloutMath.ActualReplicas(group.Old) > 0)
        {
            return true;
        }

        return group.Old.Any(rs => _context.Pods.Cache.ByIndex(Indexers.OwnerUid, rs.Metadata.Uid)
            .Any(p => ControllerRefs.Of(p.Metadata)?.Uid == rs.Metadata.Uid && p.Status?.Phase is not ("Succeeded" or "Failed")));
    }

    /// <summary>Paused or resized: scale without rolling out, then sync status (upstream's sync).</summary>
    private async Task ScaleAndSyncAsync(V1Deployment d, List<V1ReplicaSet> replicaSets, CancellationToken cancellationToken)
    {
        var (current, group) = await ReplicaSetsAndRevisionAsync(d, replicaSets, create: false, cancellationToken);
        d = current;
        await ScaleAsync(d, group, cancellationToken);
        if (d.Spec.Paused == true && RollbackRevision(d) is null)
        {
            await CleanupAsync(d, group, cancellationToken);
        }

        await SyncStatusAsync(d, group, cancellationToken);
    }

    /// <summary>
    /// Resizes the ReplicaSets for the Deployment's size: a lone active set takes it all; a saturated new set means the
    /// old ones go to zero; otherwise the difference is shared in proportion to each set's size (upstream's scale).
    /// </summary>
    private async Task ScaleAsync(V1Deployment d, ReplicaSetGroup group, CancellationToken cancellationToken)
    {
        if (ActiveOrLatest(group) is { } only)
        {
            if (RolloutMath.Replicas(only) != RolloutMath.Replicas(d))
            {
                await ScaleAndRecordAsync(d, group, only, RolloutMath.Replicas(d), cancellationToken);
            }

            return;
        }

        if (RolloutMath.IsSaturated(d, group.New))
        {
            foreach (var rs in group.ActiveOld)
            {
                await ScaleAndRecordAsync(d, group, rs, 0, cancellationToken);
            }

            return;
        }

        if (!RolloutMath.IsRollingUpdate(d))
        {
            return;
        }

        var active = group.All.Where(rs => RolloutMath.Replicas(rs) > 0).ToList();
        var allowed = RolloutMath.Replicas(d) > 0 ? RolloutMath.Replicas(d) + RolloutMath.MaxSurge(d) : 0;
        var toAdd = allowed - RolloutMath.SpecReplicas(active);
        var operation = "";
        if (toAdd > 0)
        {
            // Larger first; among equals the newer gets more.
            active.Sort((a, b) => RolloutMath.Replicas(a) != RolloutMath.Replicas(b) ? RolloutMath.Replicas(b).CompareTo(RolloutMath.Replicas(a)) : ReplicaSetGroup.ByCreation(b, a));
            operation = "up";
        }
        else if (toAdd < 0)
        {
            // Larger first; among equals the older loses more.
            active.Sort((a, b) => RolloutMath.Replicas(a) != RolloutMath.Replicas(b) ? RolloutMath.Replicas(b).CompareTo(RolloutMath.Replicas(a)) : ReplicaSetGroup.ByCreation(a, b));
            operation = "down";
        }

        var added = 0;
        var sizes = new int[active.Count];
        for (var i = 0; i < active.Count; i++)
        {
            var proportion = toAdd != 0 ? RolloutMath.Proportion(active[i], d, toAdd, added) : 0;
            sizes[i] = RolloutMath.Replicas(active[i]) + proportion;
            added += proportion;
        }

        for (var i = 0; i < active.Count; i++)
        {
            if (i == 0 && toAdd != 0)
            {
                // Rounding leftovers go to the largest set.
                sizes[0] = Math.Max(0, sizes[0] + toAdd - added);
            }

            await ScaleReplicaSetAsync(d, group, active[i], sizes[i], operation, cancellationToken);
        }
    }

    private static V1ReplicaSet? ActiveOrLatest(ReplicaSetGroup group)
    {
        if (group.New is null && group.Old.Count == 0)
        {
            return null;
        }

        var newestFirst = group.Old.ToList();
        newestFirst.Sort((a, b) => ReplicaSetGroup.ByCreation(b, a));
        var active = newestFirst.Append(group.New).Where(rs => rs is not null && RolloutMath.Replicas(rs) > 0).ToList();
        return active.Count switch
        {
            0 => group.New ?? newestFirst[0],
            1 => active[0],
            _ => null,
        };
    }

    private Task<bool> ScaleAndRecordAsync(V1Deployment d, ReplicaSetGroup group, V1ReplicaSet rs, int newScale, CancellationToken cancellationToken)
    {
        var size = RolloutMath.Replicas(rs);
        return size == newScale
            ? Task.FromResult(false)
            : ScaleReplicaSetAsync(d, group, rs, newScale, size < newScale ? "up" : "down", cancellationToken);
    }

    /// <summary>Sets a ReplicaSet's size and replica annotations; true when the size changed.</summary>
    private async Task<bool> ScaleReplicaSetAsync(V1Deployment d, ReplicaSetGroup group, V1ReplicaSet rs, int newScale, string operation, CancellationToken cancellationToken)
    {
        var desired = RolloutMath.Replicas(d);
        var max = desired + RolloutMath.MaxSurge(d);
        var oldScale = RolloutMath.Replicas(rs);
        var sizeChanged = oldScale != newScale;
        if (!sizeChanged && !RevisionAnnotations.ReplicasAnnotationsNeedUpdate(rs, desired, max))
        {
            return false;
        }

        var copy = Copy(rs);
        copy.Spec.Replicas = newScale;
        RevisionAnnotations.SetReplicasAnnotations(copy, desired, max);
        var updated = await _context.Client.AppsV1.ReplaceNamespacedReplicaSetAsync(copy, copy.Metadata.Name, copy.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        group.Replace(updated);
        if (sizeChanged)
        {
            _events.Record(Reference(d), "Normal", "ScalingReplicaSet", $"Scaled {operation} replica set {updated.Metadata.Name} to {newScale} from {oldScale}");
        }

        return sizeChanged;
    }

    /// <summary>Deletes the oldest revisions beyond revisionHistoryLimit, only those fully scaled down and settled.</summary>
    private async Task CleanupAsync(V1Deployment d, ReplicaSetGroup group, CancellationToken cancellationToken)
    {
        if (d.Spec.RevisionHistoryLimit is not { } limit)
        {
            return;
        }

        var cleanable = group.Old.Where(rs => rs.Metadata.DeletionTimestamp is null).ToList();
        var diff = cleanable.Count - limit;
        if (diff <= 0)
        {
            return;
        }

        cleanable.Sort((a, b) =>
        {
            var c = Nullable.Compare(RevisionAnnotations.RevisionOf(a.Metadata), RevisionAnnotations.RevisionOf(b.Metadata));
            return c != 0 ? c : ReplicaSetGroup.ByCreation(a, b);
        });
        foreach (var rs in cleanable.Take(diff))
        {
            if ((rs.Status?.Replicas ?? 0) != 0 || RolloutMath.Replicas(rs) != 0 || (rs.Metadata.Generation ?? 0) > (rs.Status?.ObservedGeneration ?? 0))
            {
                continue;
            }

            try
            {
                await _context.Client.AppsV1.DeleteNamespacedReplicaSetAsync(rs.Metadata.Name, rs.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            }
            catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound))
            {
                // Already gone.
            }
        }
    }

    /// <summary>Status without progress estimation (paused, resized, being deleted).</summary>
    private async Task SyncStatusAsync(V1Deployment d, ReplicaSetGroup group, CancellationToken cancellationToken)
    {
        var status = CalculateStatus(d, group);
        if (!SameStatus(d.Status, status))
        {
            d.Status = status;
            await WriteStatusAsync(d, cancellationToken);
        }
    }

    /// <summary>Status plus the Progressing condition (upstream's syncRolloutStatus), and a timed re-check while a rollout is open.</summary>
    private async Task SyncRolloutStatusAsync(V1Deployment d, ReplicaSetGroup group, CancellationToken cancellationToken)
    {
        var status = CalculateStatus(d, group);
        if (!HasProgressDeadline(d))
        {
            DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
        }

        var currentCondition = DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing);
        var isComplete = status.Replicas == status.UpdatedReplicas && currentCondition?.Reason == DeploymentConditions.NewReplicaSetAvailable;
        if (HasProgressDeadline(d) && !isComplete)
        {
            var subject = group.New is { } n ? $"ReplicaSet \"{n.Metadata.Name}\"" : $"Deployment \"{d.Metadata.Name}\"";
            if (IsComplete(d, status))
            {
                DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.NewReplicaSetAvailable, $"{subject} has successfully progressed.", Now()));
            }
            else if (IsProgressing(d, status))
            {
                // Progress refreshes lastUpdateTime (the deadline counts from it) but keeps the transition time.
                var condition = DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.ReplicaSetUpdated, $"{subject} is progressing.", Now());
                if (currentCondition is { Status: "True" })
                {
                    condition.LastTransitionTime = currentCondition.LastTransitionTime;
                }

                DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
                DeploymentConditions.Set(status, condition);
            }
            else if (IsTimedOut(d, status))
            {
                DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "False", DeploymentConditions.ProgressDeadlineExceeded, $"{subject} has timed out progressing.", Now()));
            }
        }

        // The ReplicaFailure of the new set (else of any set) becomes the Deployment's.
        var failure = group.All.OrderBy(rs => rs == group.New ? 0 : 1)
            .Select(rs => rs.Status?.Conditions?.FirstOrDefault(c => c.Type == "ReplicaFailure" && c.Status == "True"))
            .FirstOrDefault(c => c is not null);
        if (failure is not null)
        {
            DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.ReplicaFailure, "True", failure.Reason, failure.Message, Now()));
        }
        else
        {
            DeploymentConditions.Remove(status, DeploymentConditions.ReplicaFailure);
        }

        if (SameStatus(d.Status, status))
        {
            RequeueStuck(d, status);
            return;
        }

        d.Status = status;
        await WriteStatusAsync(d, cancellationToken);
    }

    /// <summary>A rollout that shows no progress is looked at again when its deadline passes (upstream's requeueStuckDeployment).</summary>
    private void RequeueStuck(V1Deployment d, V1DeploymentStatus status)
    {
        var condition = DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing);
        if (!HasProgressDeadline(d) || condition is null || IsComplete(d, status) || condition.Reason == DeploymentConditions.ProgressDeadlineExceeded)
        {
            return;
        }

        var lastUpdate = condition.LastUpdateTime ?? Now();
        var after = DateTime.SpecifyKind(lastUpdate, DateTimeKind.Utc).AddSeconds(d.Spec.ProgressDeadlineSeconds!.Value) - _context.Time.GetUtcNow().UtcDateTime;
        var key = ObjectKey.Of(d);
        if (after < TimeSpan.FromSeconds(1))
        {
            _queue.AddRateLimited(key);
        }
        else
        {
            _queue.AddAfter(key, after + TimeSpan.FromSeconds(1));
        }
    }

    private V1DeploymentStatus CalculateStatus(V1Deployment d, ReplicaSetGroup group)
    {
        var all = group.All;
        var available = RolloutMath.AvailableReplicas(all);
        var status = new V1DeploymentStatus
        {
            ObservedGeneration = d.Metadata.Generation,
            Replicas = RolloutMath.ActualReplicas(all),
            UpdatedReplicas = RolloutMath.ActualReplicas([group.New]),
            ReadyReplicas = RolloutMath.ReadyReplicas(all),
            AvailableReplicas = available,
            UnavailableReplicas = Math.Max(0, RolloutMath.SpecReplicas(all) - available),
            CollisionCount = d.Status?.CollisionCount,
            Conditions = d.Status?.Conditions is { } conditions ? [.. conditions.Select(Copy)] : null,
        };
        var minAvailable = RolloutMath.Replicas(d) - RolloutMath.MaxUnavailable(d);
        DeploymentConditions.Set(status, available >= minAvailable
            ? DeploymentConditions.New(DeploymentConditions.Available, "True", DeploymentConditions.MinimumReplicasAvailable, "Deployment has minimum availability.", Now())
            : DeploymentConditions.New(DeploymentConditions.Available, "False", DeploymentConditions.MinimumReplicasUnavailable, "Deployment does not have minimum availability.", Now()));
        return status;
    }

    private static bool SameStatus(V1DeploymentStatus? a, V1DeploymentStatus b) =>
        KubernetesJson.Serialize(a ?? new V1DeploymentStatus()) == KubernetesJson.Serialize(b);

    /// <summary>Every replica updated, present and available, for the current generation.</summary>
    private static bool IsComplete(V1Deployment d, V1DeploymentStatus? status) =>
        status is not null
        && (status.UpdatedReplicas ?? 0) == RolloutMath.Replicas(d)
        && (status.Replicas ?? 0) == RolloutMath.Replicas(d)
        && (status.AvailableReplicas ?? 0) == RolloutMath.Replicas(d)
        && (status.ObservedGeneration ?? 0) >= (d.Metadata.Generation ?? 0);

    private static bool IsProgressing(V1Deployment d, V1DeploymentStatus next)
    {
        var old = d.Status ?? new V1DeploymentStatus();
        var oldOld = (old.Replicas ?? 0) - (old.UpdatedReplicas ?? 0);
        var newOld = (next.Replicas ?? 0) - (next.UpdatedReplicas ?? 0);
        return (next.UpdatedReplicas ?? 0) > (old.UpdatedReplicas ?? 0)
            || newOld < oldOld
            || (next.ReadyReplicas ?? 0) > (old.ReadyReplicas ?? 0)
            || (next.AvailableReplicas ?? 0) > (old.AvailableReplicas ?? 0);
    }

    private bool IsTimedOut(V1Deployment d, V1DeploymentStatus status)
    {
        var condition = DeploymentConditions.Get(status, DeploymentConditions.Progressing);
        if (condition is null || condition.Reason == DeploymentConditions.NewReplicaSetAvailable)
        {
            return false;
        }

        if (condition.Reason == DeploymentConditions.ProgressDeadlineExceeded)
        {
            return true;
        }

        var from = DateTime.SpecifyKind(condition.LastUpdateTime ?? Now(), DateTimeKind.Utc);
        return from.AddSeconds(d.Spec.ProgressDeadlineSeconds!.Value) < _context.Time.GetUtcNow().UtcDateTime;
    }
}
