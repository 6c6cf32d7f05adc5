using System.Globalization;
using System.Net;
using Bosun.Client.Events;
using Bosun.Client.Informers;
using Bosun.Client.WorkQueues;
using Bosun.Controllers.Workloads;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Bosun.Controllers.Deployment;

/// <summary>
/// kube-controller-manager's deployment controller: rolls a Deployment's template out through ReplicaSets (one per
/// template, named by its pod-template-hash), RollingUpdate within maxSurge/maxUnavailable or Recreate, scales them
/// proportionally when the Deployment is resized mid-rollout, keeps revisionHistoryLimit old ReplicaSets, and keeps
/// status and the Progressing/Available conditions current (what <c>kubectl rollout status</c> waits on).
/// The flow follows upstream's syncDeployment; see <see cref="RolloutMath"/> for the arithmetic.
/// </summary>
internal sealed partial class DeploymentController : IController
{
    private readonly ControllerContext _context;
    private readonly int _workers;
    private readonly WorkQueue<string> _queue;
    private readonly ILogger _logger;
    private readonly EventRecorder _events;

    public DeploymentController(ControllerContext context, int workers)
    {
        _context = context;
        _workers = workers;
        _queue = new WorkQueue<string>(time: context.Time);
        _logger = context.Loggers.CreateLogger<DeploymentController>();
        _events = context.RecorderFor("deployment-controller");
        context.Deployments.AddHandler(new InformerHandler<V1Deployment>(
            OnAdd: d => _queue.Add(ObjectKey.Of(d)),
            OnUpdate: (_, d) => _queue.Add(ObjectKey.Of(d)),
            OnDelete: d => _queue.Add(ObjectKey.Of(d))));
        context.ReplicaSets.AddHandler(new InformerHandler<V1ReplicaSet>(OnReplicaSetAdded, OnReplicaSetUpdated, OnReplicaSetDeleted));
        context.Pods.AddHandler(new InformerHandler<V1Pod>(OnDelete: OnPodDeleted));
    }

    public string Name => "deployment";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(
            _context.Deployments.WaitForSyncAsync(cancellationToken),
            _context.ReplicaSets.WaitForSyncAsync(cancellationToken),
            _context.Pods.WaitForSyncAsync(cancellationToken));
        await WorkQueueRunner.RunAsync(_queue, _workers, SyncAsync, _logger, Name, cancellationToken);
    }

    private void OnReplicaSetAdded(V1ReplicaSet rs)
    {
        if (ControllerRefs.Of(rs.Metadata) is { } reference)
        {
            EnqueueOwner(rs.Metadata.NamespaceProperty, reference);
            return;
        }

        if (rs.Metadata.DeletionTimestamp is null)
        {
            EnqueueSelecting(rs);
        }
    }

    private void OnReplicaSetUpdated(V1ReplicaSet old, V1ReplicaSet current)
    {
        if (old.Metadata.ResourceVersion == current.Metadata.ResourceVersion)
        {
            return;
        }

        var currentRef = ControllerRefs.Of(current.Metadata);
        var oldRef = ControllerRefs.Of(old.Metadata);
        var refChanged = currentRef?.Uid != oldRef?.Uid;
        if (refChanged && oldRef is not null)
        {
            EnqueueOwner(old.Metadata.NamespaceProperty, oldRef);
        }

        if (currentRef is not null)
        {
            EnqueueOwner(current.Metadata.NamespaceProperty, currentRef);
            return;
        }

        var labelsChanged = !(old.Metadata.Labels ?? new Dictionary<string, string>()).OrderBy(l => l.Key, StringComparer.Ordinal)
            .SequenceEqual((current.Metadata.Labels ?? new Dictionary<string, string>()).OrderBy(l => l.Key, StringComparer.Ordinal));
        if (labelsChanged || refChanged)
        {
            EnqueueSelecting(current);
        }
    }

    private void OnReplicaSetDeleted(V1ReplicaSet rs)
    {
        if (ControllerRefs.Of(rs.Metadata) is { } reference)
        {
            EnqueueOwner(rs.Metadata.NamespaceProperty, reference);
        }
    }

    private void OnPodDeleted(V1Pod pod)
    {
        // Only Recreate waits for old pods to be gone before it creates the new ones.
        if (ControllerRefs.Of(pod.Metadata) is { Kind: "ReplicaSet" } rsRef
            && _context.ReplicaSets.Cache.Get(ObjectKey.For(pod.Metadata.NamespaceProperty, rsRef.Name)) is { } rs
            && rs.Metadata.Uid == rsRef.Uid
            && ControllerRefs.Of(rs.Metadata) is { } dRef
            && Resolve(rs.Metadata.NamespaceProperty, dRef) is { Spec.Strategy.Type: "Recreate" } d)
        {
            _queue.Add(ObjectKey.Of(d));
        }
    }

    private void EnqueueOwner(string? ns, V1OwnerReference reference)
    {
        if (Resolve(ns, reference) is { } d)
        {
            _queue.Add(ObjectKey.Of(d));
        }
    }

    private V1Deployment? Resolve(string? ns, V1OwnerReference reference)
    {
        if (reference.Kind != "Deployment")
        {
            return null;
        }

        var d = _context.Deployments.Cache.Get(ObjectKey.For(ns, reference.Name));
        return d?.Metadata.Uid == reference.Uid ? d : null;
    }

    private void EnqueueSelecting(V1ReplicaSet rs)
    {
        foreach (var d in _context.Deployments.Cache.ByIndex(Indexers.Namespace, rs.Metadata.NamespaceProperty))
        {
            if (!LabelSelectors.IsEmpty(d.Spec.Selector) && LabelSelectors.Matches(d.Spec.Selector, rs.Metadata.Labels))
            {
                _queue.Add(ObjectKey.Of(d));
            }
        }
    }

    private async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        if (_context.Deployments.Cache.Get(key) is not { } cached)
        {
            return;
        }

        // Work on a copy: the cache's instance is shared.
        var d = Copy(cached);
        d.Status ??= new V1DeploymentStatus();
        if (LabelSelectors.IsEmpty(d.Spec.Selector))
        {
            _events.Record(Reference(d), "Warning", "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
            if ((d.Status.ObservedGeneration ?? 0) < (d.Metadata.Generation ?? 0))
            {
                d.Status.ObservedGeneration = d.Metadata.Generation;
                await WriteStatusAsync(d, cancellationToken);
            }

            return;
        }

        var replicaSets = await ClaimReplicaSetsAsync(d, cancellationToken);
        if (d.Metadata.DeletionTimestamp is not null)
        {
            var (current, deleting) = await ReplicaSetsAndRevisionAsync(d, replicaSets, create: false, cancellationToken);
            await SyncStatusAsync(current, deleting, cancellationToken);
            return;
        }

        d = await CheckPausedConditionsAsync(d, cancellationToken);
        if (d.Spec.Paused == true)
        {
            await ScaleAndSyncAsync(d, replicaSets, cancellationToken);
            return;
        }

        if (RollbackRevision(d) is { } revision)
        {
            await RollbackAsync(d, replicaSets, revision, cancellationToken);
            return;
        }

        // Sync the revision annotations once up front; later steps get the written objects, not stale cache copies.
        var (synced, group) = await ReplicaSetsAndRevisionAsync(d, replicaSets, create: false, cancellationToken);
        d = synced;
        replicaSets = group.All;
        if (IsScalingEvent(d, group))
        {
            await ScaleAndSyncAsync(d, replicaSets, cancellationToken);
            return;
        }

        if (d.Spec.Strategy?.Type == "Recreate")
        {
            await RolloutRecreateAsync(d, replicaSets, cancellationToken);
        }
        else
        {
            await RolloutRollingAsync(d, replicaSets, cancellationToken);
        }
    }

    /// <summary>The namespace's ReplicaSets this Deployment controls after adopting matching orphans and releasing non-matching ones.</summary>
    private Task<List<V1ReplicaSet>> ClaimReplicaSetsAsync(V1Deployment d, CancellationToken cancellationToken)
    {
        var meta = d.Metadata;
        var claim = new OwnershipClaim<V1ReplicaSet>(
            meta,
            ControllerRefs.To("apps/v1", "Deployment", meta),
            rs => LabelSelectors.Matches(d.Spec.Selector, rs.Metadata.Labels),
            async ct =>
            {
                var live = await _context.Client.AppsV1.ReadNamespacedDeploymentAsync(meta.Name, meta.NamespaceProperty, cancellationToken: ct);
                if (live.Metadata.Uid != meta.Uid || live.Metadata.DeletionTimestamp is not null)
                {
                    throw new InvalidOperationException($"deployment {meta.NamespaceProperty}/{meta.Name} is gone or being deleted; not adopting");
                }
            },
            (rs, patch, ct) => _context.Client.AppsV1.PatchNamespacedReplicaSetAsync(new V1Patch(patch, V1Patch.PatchType.StrategicMergePatch), rs.Metadata.Name, rs.Metadata.NamespaceProperty, cancellationToken: ct));
        return claim.ClaimAsync(_context.ReplicaSets.Cache.ByIndex(Indexers.Namespace, meta.NamespaceProperty), cancellationToken);
    }

    /// <summary>
    /// Splits the ReplicaSets into the new one (template equal to the Deployment's, oldest first) and the old ones,
    /// brings the new one's annotations and the Deployment's revision up to date, and creates the new one when asked
    /// (upstream's getAllReplicaSetsAndSyncRevision).
    /// </summary>
    private async Task<(V1Deployment D, ReplicaSetGroup Group)> ReplicaSetsAndRevisionAsync(V1Deployment d, List<V1ReplicaSet> replicaSets, bool create, CancellationToken cancellationToken)
    {
        var sorted = replicaSets.ToList();
        sorted.Sort(ReplicaSetGroup.ByCreation);
        var existing = sorted.FirstOrDefault(rs => PodTemplateHash.EqualIgnoringHash(rs.Spec.Template, d.Spec.Template));
        var old = sorted.Where(rs => !ReferenceEquals(rs, existing)).ToList();
        var newRevision = RevisionAnnotations.MaxRevision(old) + 1;
        var revisionText = newRevision.ToString(CultureInfo.InvariantCulture);

        if (existing is not null)
        {
            var copy = Copy(existing);
            var annotationsChanged = RevisionAnnotations.SetNewReplicaSetAnnotations(d, copy, newRevision, exists: true, RolloutMath.MaxSurge(d));
            if (annotationsChanged || (copy.Spec.MinReadySeconds ?? 0) != (d.Spec.MinReadySeconds ?? 0))
            {
                copy.Spec.MinReadySeconds = d.Spec.MinReadySeconds;
                copy = await _context.Client.AppsV1.ReplaceNamespacedReplicaSetAsync(copy, copy.Metadata.Name, copy.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            }

            var revisionChanged = RevisionAnnotations.SetDeploymentRevision(d, RevisionAnnotations.ValueOf(copy.Metadata.Annotations, RevisionAnnotations.Revision) ?? revisionText);
            var statusChanged = false;
            if (HasProgressDeadline(d) && DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing) is null)
            {
                DeploymentConditions.Set(d.Status, DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.FoundNewReplicaSet, $"Found new replica set \"{copy.Metadata.Name}\"", Now()));
                statusChanged = true;
            }

            d = await PersistAsync(d, revisionChanged, statusChanged, cancellationToken);
            return (d, new ReplicaSetGroup(copy, old));
        }

        if (!create)
        {
            return (d, new ReplicaSetGroup(null, old));
        }

        var created = await CreateNewReplicaSetAsync(d, old, newRevision, cancellationToken);
        return (created.D, new ReplicaSetGroup(created.Rs, old));
    }

    private async Task<(V1Deployment D, V1ReplicaSet Rs)> CreateNewReplicaSetAsync(V1Deployment d, List<V1ReplicaSet> old, long newRevision, CancellationToken cancellationToken)
    {
        var hash = PodTemplateHash.Compute(d.Spec.Template, d.Status.CollisionCount);
        var template = Copy(d.Spec.Template);
        template.Metadata ??= new V1ObjectMeta();
        template.Metadata.Labels = new Dictionary<string, string>(template.Metadata.Labels ?? new Dictionary<string, string>()) { [PodTemplateHash.LabelKey] = hash };
        var selector = Copy(d.Spec.Selector);
        selector.MatchLabels = new Dictionary<string, string>(selector.MatchLabels ?? new Dictionary<string, string>()) { [PodTemplateHash.LabelKey] = hash };
        var rs = new V1ReplicaSet
        {
            ApiVersion = "apps/v1",
            Kind = "ReplicaSet",
            Metadata = new V1ObjectMeta
            {
                Name = $"{d.Metadata.Name}-{hash}",
                NamespaceProperty = d.Metadata.NamespaceProperty,
                OwnerReferences = [ControllerRefs.To("apps/v1", "Deployment", d.Metadata)],
                Labels = new Dictionary<string, string>(template.Metadata.Labels),
            },
            Spec = new V1ReplicaSetSpec { Replicas = 0, MinReadySeconds = d.Spec.MinReadySeconds, Selector = selector, Template = template },
        };
        var replicas = RolloutMath.NewReplicaSetReplicas(d, [.. old, rs], rs);
        rs.Spec.Replicas = replicas;
        RevisionAnnotations.SetNewReplicaSetAnnotations(d, rs, newRevision, exists: false, RolloutMath.MaxSurge(d));

        V1ReplicaSet created;
        var alreadyExists = false;
        try
        {
            created = await _context.Client.AppsV1.CreateNamespacedReplicaSetAsync(rs, d.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.Conflict))
        {
            var found = await _context.Client.AppsV1.ReadNamespacedReplicaSetAsync(rs.Metadata.Name, rs.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            if (ControllerRefs.Of(found.Metadata)?.Uid != d.Metadata.Uid || !PodTemplateHash.EqualIgnoringHash(found.Spec.Template, d.Spec.Template))
            {
                // Another template hashed to the same name: bump the collision count so the next attempt gets a new hash.
                d.Status.CollisionCount = (d.Status.CollisionCount ?? 0) + 1;
                await WriteStatusAsync(d, cancellationToken);
                throw new InvalidOperationException($"hash collision for replica set {rs.Metadata.Name}; collisionCount now {d.Status.CollisionCount}", e);
            }

            // Our own create from an earlier sync the cache has not shown yet.
            created = found;
            alreadyExists = true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var message = $"Failed to create new replica set \"{rs.Metadata.Name}\": {ApiErrors.Message(e)}";
            if (HasProgressDeadline(d))
            {
                DeploymentConditions.Set(d.Status, DeploymentConditions.New(DeploymentConditions.Progressing, "False", DeploymentConditions.FailedReplicaSetCreate, message, Now()));
                await WriteStatusAsync(d, cancellationToken);
            }

            _events.Record(Reference(d), "Warning", DeploymentConditions.FailedReplicaSetCreate, message);
            throw;
        }

        if (!alreadyExists && replicas > 0)
        {
            _events.Record(Reference(d), "Normal", "ScalingReplicaSet", $"Scaled up replica set {created.Metadata.Name} to {replicas} from 0");
        }

        var revisionChanged = RevisionAnnotations.SetDeploymentRevision(d, newRevision.ToString(CultureInfo.InvariantCulture));
        var statusChanged = false;
        if (!alreadyExists && HasProgressDeadline(d))
        {
            DeploymentConditions.Set(d.Status, DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.NewReplicaSetCreated, $"Created new replica set \"{created.Metadata.Name}\"", Now()));
            statusChanged = true;
        }

        d = await PersistAsync(d, revisionChanged, statusChanged, cancellationToken);
        return (d, created);
    }

    /// <summary>
    /// Writes the Deployment's revision annotation (metadata, so through the main resource: the status subresource
    /// keeps metadata as stored) and then its status, as upstream does in one status update.
    /// </summary>
    private async Task<V1Deployment> PersistAsync(V1Deployment d, bool revisionChanged, bool statusChanged, CancellationToken cancellationToken)
    {
        if (revisionChanged)
        {
            var revision = d.Metadata.Annotations![RevisionAnnotations.Revision];
            var patch = new System.Text.Json.Nodes.JsonObject
            {
                ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["annotations"] = new System.Text.Json.Nodes.JsonObject { [RevisionAnnotations.Revision] = revision } },
            }.ToJsonString();
            var patched = await _context.Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), d.Metadata.Name, d.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            d.Metadata.ResourceVersion = patched.Metadata.ResourceVersion;
        }

        return statusChanged ? await WriteStatusAsync(d, cancellationToken) : d;
    }

    private async Task<V1Deployment> WriteStatusAsync(V1Deployment d, CancellationToken cancellationToken)
    {
        d.ApiVersion = "apps/v1";
        d.Kind = "Deployment";
        var written = await _context.Client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(d, d.Metadata.Name, d.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        written.Status ??= new V1DeploymentStatus();
        return written;
    }

    /// <summary>Upstream's checkPausedConditions: Progressing turns Unknown/DeploymentPaused while paused and DeploymentResumed after.</summary>
    private async Task<V1Deployment> CheckPausedConditionsAsync(V1Deployment d, CancellationToken cancellationToken)
    {
        if (!HasProgressDeadline(d))
        {
            return d;
        }

        var condition = DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing);
        if (condition?.Reason == DeploymentConditions.ProgressDeadlineExceeded)
        {
            // A reported lack of progress is not overwritten by pausing.
            return d;
        }

        var pausedConditionExists = condition?.Reason == DeploymentConditions.DeploymentPaused;
        if (d.Spec.Paused == true && !pausedConditionExists)
        {
            DeploymentConditions.Set(d.Status, DeploymentConditions.New(DeploymentConditions.Progressing, "Unknown", DeploymentConditions.DeploymentPaused, "Deployment is paused", Now()));
        }
        else if (d.Spec.Paused != true && pausedConditionExists)
        {
            DeploymentConditions.Set(d.Status, DeploymentConditions.New(DeploymentConditions.Progressing, "Unknown", DeploymentConditions.DeploymentResumed, "Deployment is resumed", Now()));
        }
        else
        {
            return d;
        }

        return await WriteStatusAsync(d, cancellationToken);
    }

    /// <summary>A resize rather than a template change: an active ReplicaSet was last sized for another Deployment size.</summary>
    private static bool IsScalingEvent(V1Deployment d, ReplicaSetGroup group) =>
        group.All.Where(rs => RolloutMath.Replicas(rs) > 0)
            .Any(rs => RevisionAnnotations.DesiredReplicasOf(rs) is { } desired && desired != RolloutMath.Replicas(d));

    private static int? RollbackRevision(V1Deployment d) =>
        d.Metadata.Annotations?.TryGetValue(RevisionAnnotations.RollbackTo, out var text) == true
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? revision : null;

    /// <summary>
    /// The pre-apps/v1 server-side rollback (extensions/v1beta1 spec.rollbackTo, kept in apps/v1 as the
    /// deprecated.deployment.rollback.to annotation): copy the template of that revision, then clear the request.
    /// Modern kubectl rolls back client-side by patching the template instead.
    /// </summary>
    private async Task RollbackAsync(V1Deployment d, List<V1ReplicaSet> replicaSets, int revision, CancellationToken cancellationToken)
    {
        var (current, group) = await ReplicaSetsAndRevisionAsync(d, replicaSets, create: true, cancellationToken);
        d = current;
        long target = revision;
        if (target == 0)
        {
            target = RevisionAnnotations.LastRevision(group.All);
            if (target == 0)
            {
                _events.Record(Reference(d), "Warning", "DeploymentRollbackRevisionNotFound", "Unable to find last revision.");
                await ClearRollbackAsync(d, cancellationToken);
                return;
            }
        }

        if (group.All.FirstOrDefault(rs => RevisionAnnotations.RevisionOf(rs.Metadata) == target) is not { } source)
        {
            _events.Record(Reference(d), "Warning", "DeploymentRollbackRevisionNotFound", "Unable to find the revision to rollback to.");
            await ClearRollbackAsync(d, cancellationToken);
            return;
        }

        if (PodTemplateHash.EqualIgnoringHash(d.Spec.Template, source.Spec.Template))
        {
            _events.Record(Reference(d), "Warning", "DeploymentRollbackTemplateUnchanged", $"The rollback revision contains the same template as current deployment \"{d.Metadata.Name}\"");
            await ClearRollbackAsync(d, cancellationToken);
            return;
        }

        var template = Copy(source.Spec.Template);
        template.Metadata?.Labels?.Remove(PodTemplateHash.LabelKey);
        d.Spec.Template = template;
        RevisionAnnotations.SetDeploymentAnnotationsTo(d, source);
        await ClearRollbackAsync(d, cancellationToken);
        _events.Record(Reference(d), "Normal", "DeploymentRollback", $"Rolled back deployment \"{d.Metadata.Name}\" to revision {target}");
    }

    private Task<V1Deployment> ClearRollbackAsync(V1Deployment d, CancellationToken cancellationToken)
    {
        d.Metadata.Annotations?.Remove(RevisionAnnotations.RollbackTo);
        d.ApiVersion = "apps/v1";
        d.Kind = "Deployment";
        return _context.Client.AppsV1.ReplaceNamespacedDeploymentAsync(d, d.Metadata.Name, d.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
    }

    private static bool HasProgressDeadline(V1Deployment d) => d.Spec.ProgressDeadlineSeconds is { } s && s != int.MaxValue;

    private DateTime Now()
    {
        // Conditions carry whole seconds on the wire; comparing with a finer clock would see changes that are not there.
        var ticks = _context.Time.GetUtcNow().UtcTicks;
        return new DateTime(ticks - (ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }

    private static V1ObjectReference Reference(V1Deployment d) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        NamespaceProperty = d.Metadata.NamespaceProperty,
        Name = d.Metadata.Name,
        Uid = d.Metadata.Uid,
        ResourceVersion = d.Metadata.ResourceVersion,
    };

    private static T Copy<T>(T obj) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj));
}
