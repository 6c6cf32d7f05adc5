using System.Net;
using System.Runtime.ExceptionServices;
using Bosun.Client.Events;
using Bosun.Client.Informers;
using Bosun.Client.Models;
using Bosun.Client.WorkQueues;
using Bosun.Controllers.Workloads;
using Microsoft.Extensions.Logging;
using k8s;
using k8s.Models;

namespace Bosun.Controllers.ReplicaSet;

/// <summary>
/// kube-controller-manager's replicaset (and replicationcontroller) controller: keeps spec.replicas active pods from
/// spec.template, adopting matching orphans and releasing pods that no longer match, and reports the counts in status.
/// <para>
/// Creates and deletes are bounded per sync (<see cref="BurstReplicas"/>), creates run in slow-start batches, and
/// <see cref="Expectations"/> keep a sync from acting again before the informer has shown the previous sync's writes.
/// </para>
/// </summary>
internal sealed partial class ReplicaSetController<T> : IController
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Most pods created or deleted by one sync (upstream's BurstReplicas).</summary>
    public const int BurstReplicas = 500;

    private readonly ControllerContext _context;
    private readonly IReplicatedKind<T> _kind;
    private readonly int _workers;
    private readonly WorkQueue<string> _queue;
    private readonly ILogger _logger;
    private readonly EventRecorder _events;
    private readonly Expectations _expectations;

    public ReplicaSetController(ControllerContext context, IReplicatedKind<T> kind, int workers)
    {
        _context = context;
        _kind = kind;
        _workers = workers;
        _queue = new WorkQueue<string>(time: context.Time);
        _logger = context.Loggers.CreateLogger<ReplicaSetController<T>>();
        _events = context.RecorderFor(kind.EventComponent);
        _expectations = new Expectations(context.Time);
        kind.Informer.AddHandler(new InformerHandler<T>(
            OnAdd: o => _queue.Add(ObjectKey.Of(o)),
            OnUpdate: (_, o) => _queue.Add(ObjectKey.Of(o)),
            OnDelete: o =>
            {
                _expectations.Delete(ObjectKey.Of(o));
                _queue.Add(ObjectKey.Of(o));
            }));
        context.Pods.AddHandler(new InformerHandler<V1Pod>(OnPodAdded, OnPodUpdated, OnPodDeleted));
    }

    public string Name => _kind.ControllerName;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_kind.Informer.WaitForSyncAsync(cancellationToken), _context.Pods.WaitForSyncAsync(cancellationToken));
        await WorkQueueRunner.RunAsync(_queue, _workers, SyncAsync, _logger, Name, cancellationToken);
    }

    private void OnPodAdded(V1Pod pod)
    {
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            // Seen for the first time already going (e.g. after a relist): count it as deleted.
            OnPodDeleted(pod);
            return;
        }

        if (ControllerRefs.Of(pod.Metadata) is { } reference)
        {
            if (Resolve(pod.Metadata.NamespaceProperty, reference) is { } owner)
            {
                var key = ObjectKey.Of(owner);
                _expectations.CreationObserved(key);
                _queue.Add(key);
            }

            return;
        }

        // An orphan: every controller that selects it may adopt it.
        EnqueueSelecting(pod);
    }

    private void OnPodUpdated(V1Pod old, V1Pod current)
    {
        if (old.Metadata.ResourceVersion == current.Metadata.ResourceVersion)
        {
            return;
        }

        var labelsChanged = !LabelSets.Equal(old.Metadata.Labels, current.Metadata.Labels);
        if (current.Metadata.DeletionTimestamp is not null)
        {
            // A graceful delete started: the pod no longer counts, so the owner may act now rather than when it goes.
            OnPodDeleted(current);
            if (labelsChanged)
            {
                OnPodDeleted(old);
            }

            return;
        }

        var currentRef = ControllerRefs.Of(current.Metadata);
        var oldRef = ControllerRefs.Of(old.Metadata);
        var refChanged = currentRef?.Uid != oldRef?.Uid;
        if (refChanged && oldRef is not null && Resolve(old.Metadata.NamespaceProperty, oldRef) is { } previous)
        {
            _queue.Add(ObjectKey.Of(previous));
        }

        if (currentRef is not null)
        {
            if (Resolve(current.Metadata.NamespaceProperty, currentRef) is { } owner)
            {
                var key = ObjectKey.Of(owner);
                _queue.Add(key);
                var minReady = _kind.MinReadySeconds(owner);
                if (minReady > 0 && !PodStates.IsReady(old) && PodStates.IsReady(current))
                {
                    // It becomes available minReadySeconds from now; look again then.
                    _queue.AddAfter(key, TimeSpan.FromSeconds(minReady));
                }
            }

            return;
        }

        if (labelsChanged || refChanged)
        {
            EnqueueSelecting(current);
        }
    }

    private void OnPodDeleted(V1Pod pod)
    {
        if (ControllerRefs.Of(pod.Metadata) is { } reference && Resolve(pod.Metadata.NamespaceProperty, reference) is { } owner)
        {
            var key = ObjectKey.Of(owner);
            _expectations.DeletionObserved(key, ObjectKey.Of(pod));
            _queue.Add(key);
        }
    }

    /// <summary>The cached controller a reference names, if it is of our kind and still the same object (uid).</summary>
    private T? Resolve(string? ns, V1OwnerReference reference)
    {
        if (reference.Kind != _kind.Kind || Group(reference.ApiVersion) != Group(_kind.ApiVersion))
        {
            return null;
        }

        var owner = _kind.Informer.Cache.Get(ObjectKey.For(ns, reference.Name));
        return owner?.Metadata.Uid == reference.Uid ? owner : null;
    }

    private static string Group(string? apiVersion) => apiVersion?.Contains('/', StringComparison.Ordinal) == true ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : "";

    private void EnqueueSelecting(V1Pod pod)
    {
        foreach (var owner in _kind.Informer.Cache.ByIndex(Indexers.Namespace, pod.Metadata.NamespaceProperty))
        {
            if (_kind.Selects(owner, pod.Metadata.Labels))
            {
                _queue.Add(ObjectKey.Of(owner));
            }
        }
    }

    private async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var owner = _kind.Informer.Cache.Get(key);
        if (owner is null)
        {
            _expectations.Delete(key);
            return;
        }

        // Read before listing pods: a pod event after this point re-queues the key, so nothing is missed.
        var needsSync = _expectations.Satisfied(key);
        var owned = await ClaimPodsAsync(owner, cancellationToken);

        ExceptionDispatchInfo? manageError = null;
        var diff = owned.Count - _kind.Replicas(owner);
        if (needsSync && owner.Metadata.DeletionTimestamp is null)
        {
            try
            {
                await ManageReplicasAsync(key, owner, owned, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                manageError = ExceptionDispatchInfo.Capture(e);
            }
        }

        var status = CalculateStatus(owner, owned, manageError?.SourceException, diff);
        await UpdateStatusAsync(owner, status, cancellationToken);
        manageError?.Throw();

        var minReady = _kind.MinReadySeconds(owner);
        var replicas = _kind.Replicas(owner);
        if (minReady > 0 && status.ReadyReplicas == replicas && status.AvailableReplicas != replicas)
        {
            _queue.AddAfter(key, TimeSpan.FromSeconds(minReady));
        }
    }

    /// <summary>Active pods that are ours or orphans in the namespace, claimed (adopted/released) by the selector.</summary>
    private Task<List<V1Pod>> ClaimPodsAsync(T owner, CancellationToken cancellationToken)
    {
        var meta = owner.Metadata;
        var candidates = new Dictionary<string, V1Pod>(StringComparer.Ordinal);
        foreach (var pod in _context.Pods.Cache.ByIndex(Indexers.OwnerUid, meta.Uid))
        {
            candidates[pod.Metadata.Uid] = pod;
        }

        foreach (var pod in _context.Pods.Cache.ByIndex(Indexers.Namespace, meta.NamespaceProperty))
        {
            if (ControllerRefs.Of(pod.Metadata) is null && _kind.Selects(owner, pod.Metadata.Labels))
            {
                candidates[pod.Metadata.Uid] = pod;
            }
        }

        var claim = new OwnershipClaim<V1Pod>(
            meta,
            ControllerRefs.To(_kind.ApiVersion, _kind.Kind, meta),
            pod => _kind.Selects(owner, pod.Metadata.Labels),
            ct => RecheckOwnerAsync(owner, ct),
            (pod, patch, ct) => _context.Client.CoreV1.PatchNamespacedPodAsync(new V1Patch(patch, V1Patch.PatchType.StrategicMergePatch), pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: ct));
        return claim.ClaimAsync(candidates.Values.Where(PodStates.IsActive), cancellationToken);
    }

    private async Task RecheckOwnerAsync(T owner, CancellationToken cancellationToken)
    {
        var meta = owner.Metadata;
        var live = await _kind.ReadAsync(meta.NamespaceProperty, meta.Name, cancellationToken);
        if (live is null || live.Metadata.Uid != meta.Uid)
        {
            throw new InvalidOperationException($"original {_kind.Kind} {meta.NamespaceProperty}/{meta.Name} is gone: got uid {live?.Metadata.Uid}, wanted {meta.Uid}");
        }

        if (live.Metadata.DeletionTimestamp is not null)
        {
            throw new InvalidOperationException($"{meta.NamespaceProperty}/{meta.Name} has just been deleted at {live.Metadata.DeletionTimestamp:O}");
        }
    }

    private async Task ManageReplicasAsync(string key, T owner, List<V1Pod> owned, CancellationToken cancellationToken)
    {
        var diff = owned.Count - _kind.Replicas(owner);
        if (diff < 0)
        {
            var count = Math.Min(-diff, BurstReplicas);
            if (_kind.Template(owner) is not { } template)
            {
                return;
            }

            // Expect them all before the first call: a fast informer may report a pod before its create returns.
            _expectations.ExpectCreations(key, count);
            LogCreating(_logger, Name, key, count, owned.Count);
            var (successes, error) = await SlowStart.RunAsync(count, 1, () => CreatePodAsync(owner, template, cancellationToken));
            for (var i = successes; i < count; i++)
            {
                // Creates that did not happen will never be observed.
                _expectations.CreationObserved(key);
            }

            if (error is not null && !ApiErrors.IsNamespaceTerminating(error))
            {
                ExceptionDispatchInfo.Throw(error);
            }
        }
        else if (diff > 0)
        {
            var count = Math.Min(diff, BurstReplicas);
            var victims = PodDeletionOrder.PodsToDelete(owned, RelatedPods(owner), count, _context.Time.GetUtcNow());
            _expectations.ExpectDeletions(key, victims.Select(ObjectKey.Of));
            LogDeleting(_logger, Name, key, count, owned.Count);
            var errors = await Task.WhenAll(victims.Select(pod => DeletePodAsync(key, owner, pod, cancellationToken)));
            if (errors.FirstOrDefault(e => e is not null) is { } error)
            {
                ExceptionDispatchInfo.Throw(error);
            }
        }
    }

    private async Task CreatePodAsync(T owner, V1PodTemplateSpec template, CancellationToken cancellationToken)
    {
        var meta = owner.Metadata;
        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                GenerateName = meta.Name + "-",
                NamespaceProperty = meta.NamespaceProperty,
                Labels = template.Metadata?.Labels is { } labels ? new Dictionary<string, string>(labels) : null,
                Annotations = template.Metadata?.Annotations is { } annotations ? new Dictionary<string, string>(annotations) : null,
                Finalizers = template.Metadata?.Finalizers is { } finalizers ? [.. finalizers] : null,
                OwnerReferences = [ControllerRefs.To(_kind.ApiVersion, _kind.Kind, meta)],
            },
            Spec = template.Spec,
        };
        try
        {
            var created = await _context.Client.CoreV1.CreateNamespacedPodAsync(pod, meta.NamespaceProperty, cancellationToken: cancellationToken);
            _events.Record(Reference(owner), "Normal", "SuccessfulCreate", $"Created pod: {created.Metadata.Name}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (!ApiErrors.IsNamespaceTerminating(e))
            {
                _events.Record(Reference(owner), "Warning", "FailedCreate", $"Error creating: {ApiErrors.Message(e)}");
            }

            throw;
        }
    }

    private async Task<Exception?> DeletePodAsync(string key, T owner, V1Pod pod, CancellationToken cancellationToken)
    {
        try
        {
            await _context.Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            _events.Record(Reference(owner), "Normal", "SuccessfulDelete", $"Deleted pod: {pod.Metadata.Name}");
            return null;
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound))
        {
            // Already gone: its delete event settles the expectation.
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // This delete will never be observed.
            _expectations.DeletionObserved(key, ObjectKey.Of(pod));
            _events.Record(Reference(owner), "Warning", "FailedDelete", $"Error deleting: {ApiErrors.Message(e)}");
            return e;
        }
    }

    /// <summary>The active pods of this controller and of its siblings under the same owner (e.g. one Deployment's ReplicaSets).</summary>
    private List<V1Pod> RelatedPods(T owner)
    {
        var siblings = new List<T> { owner };
        if (ControllerRefs.Of(owner.Metadata) is { } parent)
        {
            siblings = [.. _kind.Informer.Cache.ByIndex(Indexers.Namespace, owner.Metadata.NamespaceProperty)
                .Where(s => ControllerRefs.Of(s.Metadata)?.Uid == parent.Uid)];
        }

        var pods = new Dictionary<string, V1Pod>(StringComparer.Ordinal);
        foreach (var sibling in siblings)
        {
            foreach (var pod in _context.Pods.Cache.ByIndex(Indexers.OwnerUid, sibling.Metadata.Uid))
            {
                if (ControllerRefs.Of(pod.Metadata)?.Uid == sibling.Metadata.Uid && PodStates.IsActive(pod))
                {
                    pods[pod.Metadata.Uid] = pod;
                }
            }
        }

        return [.. pods.Values];
    }

    private ReplicaStatus CalculateStatus(T owner, List<V1Pod> owned, Exception? manageError, int diff)
    {
        var now = _context.Time.GetUtcNow();
        var templateLabels = _kind.Template(owner)?.Metadata?.Labels ?? new Dictionary<string, string>();
        var minReady = _kind.MinReadySeconds(owner);
        var current = _kind.Status(owner);
        var failure = current.Failure;
        if (manageError is not null && failure is null)
        {
            var reason = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "";
            failure = new ReplicaFailure(reason, ApiErrors.Message(manageError), TruncateToSeconds(now));
        }
        else if (manageError is null)
        {
            failure = null;
        }

        return new ReplicaStatus(
            owned.Count,
            owned.Count(p => templateLabels.All(l => p.Metadata.Labels?.TryGetValue(l.Key, out var v) == true && v == l.Value)),
            owned.Count(PodStates.IsReady),
            owned.Count(p => PodStates.IsAvailable(p, minReady, now)),
            owner.Metadata.Generation ?? 0,
            failure);
    }

    private async Task UpdateStatusAsync(T owner, ReplicaStatus status, CancellationToken cancellationToken)
    {
        // At most one retry on a conflict, on a fresh read, as upstream's updateReplicaSetStatus.
        for (var attempt = 0; ; attempt++)
        {
            if (_kind.Status(owner) == status)
            {
                return;
            }

            try
            {
                await _kind.WriteStatusAsync(owner, status, cancellationToken);
                return;
            }
            catch (Exception e) when (attempt == 0 && ApiErrors.Is(e, HttpStatusCode.Conflict))
            {
                var meta = owner.Metadata;
                owner = await _kind.ReadAsync(meta.NamespaceProperty, meta.Name, cancellationToken) ?? throw new InvalidOperationException($"{_kind.Kind} {meta.NamespaceProperty}/{meta.Name} is gone", e);
            }
        }
    }

    private V1ObjectReference Reference(T owner) => new()
    {
        ApiVersion = _kind.ApiVersion,
        Kind = _kind.Kind,
        NamespaceProperty = owner.Metadata.NamespaceProperty,
        Name = owner.Metadata.Name,
        Uid = owner.Metadata.Uid,
        ResourceVersion = owner.Metadata.ResourceVersion,
    };

    private static DateTime TruncateToSeconds(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Controller} {Key}: too few replicas, creating {Count} (have {Have})")]
    private static partial void LogCreating(ILogger logger, string controller, string key, int count, int have);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Controller} {Key}: too many replicas, deleting {Count} (have {Have})")]
    private static partial void LogDeleting(ILogger logger, string controller, string key, int count, int have);
}
