using Bosun.Client.Dynamic;
using Bosun.Client.Informers;
using Bosun.Client.WorkQueues;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Bosun.Controllers.GarbageCollector;

/// <summary>
/// A first garbage collector, on the semantics of kube-controller-manager's: objects whose owners
/// (metadata.ownerReferences) are all gone are deleted; an owner deleted with propagationPolicy=Orphan (finalizer
/// "orphan") has the references to it removed from its dependents, then the finalizer; an owner deleted with
/// Foreground (finalizer "foregroundDeletion") has its dependents deleted and loses the finalizer once no dependent
/// with blockOwnerDeletion is left.
/// <para>
/// It covers every resource discovery reports as listable, watchable, deletable and patchable (events aside, as
/// upstream) through metadata-only informers — generic rather than a fixed list, so workload kinds added later are
/// collected without changes. Unlike upstream it keeps no separate ownership graph: the informers' owner-uid and uid
/// indexes are the graph, and an owner missing from them is confirmed absent by a live read before anything is deleted.
/// Discovery runs once per leadership term (resources added later are not watched until the next term).
/// </para>
/// </summary>
internal sealed partial class GarbageCollectorController(ControllerContext context, int workers) : IController
{
    private const string UidIndex = "uid";
    private const string OrphanFinalizer = "orphan";
    private const string ForegroundFinalizer = "foregroundDeletion";

    private readonly WorkQueue<GcKey> _queue = new(time: context.Time);
    private readonly ILogger _logger = context.Loggers.CreateLogger<GarbageCollectorController>();
    private readonly Dictionary<ApiResource, Informer<PartialObject>> _informers = [];
    private Discovery _discovery = new([], []);

    public string Name => "garbage-collector";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _discovery = await context.Dynamic.DiscoverAsync(cancellationToken);
        foreach (var resource in _discovery.Resources.Where(IsCollected))
        {
            var informer = new Informer<PartialObject>(context.Dynamic.ListWatchFor(resource), _logger, context.Time)
                .AddIndexer(Indexers.OwnerUid, Indexers.ByOwnerUid)
                .AddIndexer(UidIndex, o => [o.Metadata.Uid]);
            informer.AddHandler(new InformerHandler<PartialObject>(
                OnAdd: o => OnChanged(resource, o),
                OnUpdate: (_, o) => OnChanged(resource, o),
                OnDelete: OnDeleted));
            _informers[resource] = informer;
        }

        var running = _informers.Values.Select(i => Task.Run(() => i.RunAsync(cancellationToken), CancellationToken.None)).ToList();
        await Task.WhenAll(_informers.Values.Select(i => i.WaitForSyncAsync(cancellationToken)));
        LogWatching(_logger, _informers.Count);
        await WorkQueueRunner.RunAsync(_queue, workers, SyncAsync, _logger, Name, cancellationToken);
        await Task.WhenAll(running);
    }

    private static bool IsCollected(ApiResource r) =>
        r.Kind != "Event" && r.Supports("list") && r.Supports("watch") && r.Supports("delete") && r.Supports("patch");

    private void OnChanged(ApiResource resource, PartialObject obj)
    {
        var meta = obj.Metadata;
        if (meta.OwnerReferences is { Count: > 0 } || IsFinalizingDependents(meta))
        {
            _queue.Add(new GcKey(resource, ObjectKey.Of(obj)));
        }

        EnqueueDeletingOwners(meta);
    }

    private void OnDeleted(PartialObject obj)
    {
        // Its dependents may now be orphans; its owners may be waiting for it.
        foreach (var (resource, dependent) in Dependents(obj.Metadata.Uid))
        {
            _queue.Add(new GcKey(resource, ObjectKey.Of(dependent)));
        }

        EnqueueDeletingOwners(obj.Metadata);
    }

    private void EnqueueDeletingOwners(V1ObjectMeta meta)
    {
        foreach (var reference in meta.OwnerReferences ?? [])
        {
            if (FindCached(reference.Uid) is { } owner && IsFinalizingDependents(owner.Object.Metadata))
            {
                _queue.Add(new GcKey(owner.Resource, ObjectKey.Of(owner.Object)));
            }
        }
    }

    private async Task SyncAsync(GcKey key, CancellationToken cancellationToken)
    {
        if (!_informers.TryGetValue(key.Resource, out var informer) || informer.Cache.Get(key.Key) is not { } obj)
        {
            return;
        }

        var meta = obj.Metadata;
        if (meta.DeletionTimestamp is not null)
        {
            if (meta.Finalizers?.Contains(OrphanFinalizer) == true)
            {
                await OrphanDependentsAsync(key.Resource, obj, cancellationToken);
            }
            else if (meta.Finalizers?.Contains(ForegroundFinalizer) == true)
            {
                await DeleteDependentsFirstAsync(key.Resource, obj, cancellationToken);
            }

            return;
        }

        if (meta.OwnerReferences is not { Count: > 0 } references)
        {
            return;
        }

        var solid = new List<V1OwnerReference>();
        var dangling = new List<V1OwnerReference>();
        var waiting = new List<V1OwnerReference>();
        foreach (var reference in references)
        {
            var owner = await FindOwnerAsync(reference, meta.NamespaceProperty, cancellationToken);
            (owner is null ? dangling : IsDeletingDependents(owner.Metadata) ? waiting : solid).Add(reference);
        }

        if (solid.Count > 0)
        {
            if (dangling.Count > 0 || waiting.Any(r => r.BlockOwnerDeletion == true))
            {
                // Keep the object for its live owners; drop references to gone owners and stop blocking deleting ones.
                var kept = references.Where(r => !dangling.Contains(r))
                    .Select(r => waiting.Contains(r) ? r with { BlockOwnerDeletion = false } : r).ToList();
                await context.Dynamic.JsonPatchAsync(key.Resource, meta.NamespaceProperty, meta.Name, OwnerPatches.SetOwnerReferences(meta, kept), cancellationToken);
            }

            return;
        }

        // No live owner: the object goes. With an owner waiting in foreground, it goes in foreground too when it
        // has dependents of its own, so the wait extends down the chain.
        var policy = waiting.Count > 0 && Dependents(meta.Uid).Any() ? "Foreground" : "Background";
        LogDeleting(_logger, key, policy);
        await context.Dynamic.DeleteAsync(key.Resource, meta.NamespaceProperty, meta.Name, policy, meta.Uid, cancellationToken);
    }

    private async Task OrphanDependentsAsync(ApiResource resource, PartialObject owner, CancellationToken cancellationToken)
    {
        var uid = owner.Metadata.Uid;
        foreach (var (dependentResource, dependent) in Dependents(uid))
        {
            var m = dependent.Metadata;
            var kept = m.OwnerReferences.Where(r => r.Uid != uid).ToList();
            await context.Dynamic.JsonPatchAsync(dependentResource, m.NamespaceProperty, m.Name, OwnerPatches.SetOwnerReferences(m, kept), cancellationToken);
        }

        var o = owner.Metadata;
        await context.Dynamic.JsonPatchAsync(resource, o.NamespaceProperty, o.Name, OwnerPatches.RemoveFinalizer(o, OrphanFinalizer), cancellationToken);
    }

    private async Task DeleteDependentsFirstAsync(ApiResource resource, PartialObject owner, CancellationToken cancellationToken)
    {
        var uid = owner.Metadata.Uid;
        var blocking = 0;
        foreach (var (dependentResource, dependent) in Dependents(uid))
        {
            if (dependent.Metadata.OwnerReferences.Any(r => r.Uid == uid && r.BlockOwnerDeletion == true))
            {
                blocking++;
            }

            if (dependent.Metadata.DeletionTimestamp is null)
            {
                // Its own sync sees this owner waiting and deletes it.
                _queue.Add(new GcKey(dependentResource, ObjectKey.Of(dependent)));
            }
        }

        if (blocking == 0)
        {
            var o = owner.Metadata;
            await context.Dynamic.JsonPatchAsync(resource, o.NamespaceProperty, o.Name, OwnerPatches.RemoveFinalizer(o, ForegroundFinalizer), cancellationToken);
        }
    }

    /// <summary>The owner, from the caches or (when they do not have it yet) a live read; null when it is gone.</summary>
    private async Task<PartialObject?> FindOwnerAsync(V1OwnerReference reference, string? dependentNamespace, CancellationToken cancellationToken)
    {
        if (FindCached(reference.Uid) is { } cached)
        {
            return cached.Object;
        }

        if (_discovery.ForKind(reference.ApiVersion, reference.Kind) is not { } resource)
        {
            // An unknown kind cannot be checked: keep the dependent rather than delete on a guess.
            throw new InvalidOperationException($"owner kind {reference.Kind} ({reference.ApiVersion}) is not served");
        }

        // A namespaced owner lives in its dependent's namespace (cross-namespace references are not allowed).
        var live = await context.Dynamic.GetAsync(resource, resource.Namespaced ? dependentNamespace : null, reference.Name, cancellationToken);
        return live?.Metadata.Uid == reference.Uid ? live : null;
    }

    private (ApiResource Resource, PartialObject Object)? FindCached(string uid)
    {
        foreach (var (resource, informer) in _informers)
        {
            if (informer.Cache.ByIndex(UidIndex, uid) is [var found, ..])
            {
                return (resource, found);
            }
        }

        return null;
    }

    private IEnumerable<(ApiResource Resource, PartialObject Object)> Dependents(string uid) =>
        _informers.SelectMany(i => i.Value.Cache.ByIndex(Indexers.OwnerUid, uid).Select(o => (i.Key, o)));

    private static bool IsFinalizingDependents(V1ObjectMeta meta) =>
        meta.DeletionTimestamp is not null && meta.Finalizers is { } f && (f.Contains(OrphanFinalizer) || f.Contains(ForegroundFinalizer));

    private static bool IsDeletingDependents(V1ObjectMeta meta) =>
        meta.DeletionTimestamp is not null && meta.Finalizers?.Contains(ForegroundFinalizer) == true;

    [LoggerMessage(Level = LogLevel.Information, Message = "garbage collector watching {Count} resources")]
    private static partial void LogWatching(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "garbage collector: deleting {Object} (owners gone, propagation {Policy})")]
    private static partial void LogDeleting(ILogger logger, GcKey @object, string policy);
}
