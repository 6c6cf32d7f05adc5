using System.Collections.Concurrent;
using Bosun.Client.Informers;
using Bosun.Client.WorkQueues;
using Bosun.Node.Cri;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Bosun.Node.Pods;

/// <summary>
/// Runs the pods bound to this node: an informer on pods with spec.nodeName=this node feeds a work queue
/// (one sync at a time per pod), and a relist of the runtime every second (the kubelet's PLEG) queues pods
/// whose containers changed state. Runtime pods the API no longer has are killed and removed.
/// </summary>
public sealed partial class PodWorkers
{
    private static readonly TimeSpan RelistPeriod = TimeSpan.FromSeconds(1);
    private readonly PodRuntimeContext _context;
    private readonly PodSync _sync;
    private readonly Informer<V1Pod> _informer;
    private readonly WorkQueue<string> _queue;
    private readonly ILogger _logger;
    private readonly int _workers;
    private readonly ConcurrentDictionary<string, string> _lastStates = new(StringComparer.Ordinal);

    public PodWorkers(PodRuntimeContext context, ILogger logger, int workers = 8)
    {
        _context = context;
        _logger = logger;
        _workers = workers;
        _queue = new WorkQueue<string>(time: context.Time);
        _sync = new PodSync(context, logger, key => _queue.Add(key));
        var selector = "spec.nodeName=" + context.NodeName;
        _informer = new Informer<V1Pod>(
            new ListWatch<V1Pod>(
                async ct =>
                {
                    var list = await context.Client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: selector, cancellationToken: ct).ConfigureAwait(false);
                    return new ListResult<V1Pod>([.. list.Items], list.Metadata.ResourceVersion);
                },
                (rv, onError, ct) => context.Client.CoreV1.WatchListPodForAllNamespacesAsync(
                    fieldSelector: selector, allowWatchBookmarks: true, resourceVersion: rv,
                    timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct)),
            logger,
            context.Time);
        _informer.AddHandler(new InformerHandler<V1Pod>(
            OnAdd: pod => _queue.Add(ObjectKey.Of(pod)),
            OnUpdate: (_, pod) => _queue.Add(ObjectKey.Of(pod)),
            OnDelete: pod =>
            {
                _sync.Forget(pod.Metadata.Uid);
                _queue.Add(ObjectKey.Of(pod));
            }));
    }

    /// <summary>The pods this node runs, as last seen from the API.</summary>
    public InformerCache<V1Pod> Pods => _informer.Cache;

    public PodSync Sync => _sync;

    /// <summary>Queues a pod for a sync (probe results, hooks).</summary>
    public void Enqueue(string key) => _queue.Add(key);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var informer = Task.Run(() => _informer.RunAsync(stop.Token), CancellationToken.None);
        try
        {
            await _informer.WaitForSyncAsync(stop.Token).ConfigureAwait(false);
            await Task.WhenAll(
                RelistAsync(stop.Token),
                WorkQueueRunner.RunAsync(_queue, _workers, SyncOneAsync, _logger, "pod-workers", stop.Token)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await informer.ConfigureAwait(false);
        }
    }

    private async Task SyncOneAsync(string key, CancellationToken cancellationToken)
    {
        var pod = _informer.Cache.Get(key);
        if (pod is null)
        {
            // Deleted from the API (or never ours): the relist removes what the runtime still holds.
            return;
        }

        var retry = await _sync.SyncAsync(pod, cancellationToken).ConfigureAwait(false);
        if (retry is { } delay)
        {
            _queue.AddAfter(key, delay < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : delay);
        }
    }

    // The PLEG: containers whose state changed get their pod synced; runtime pods without an API pod go.
    private async Task RelistAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(RelistPeriod, _context.Time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await RelistOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // One failed pass (runtime busy, an orphan that would not go) must not end the relist loop.
                LogRelistFailed(_logger, e is Grpc.Core.RpcException rpc ? rpc.Status.Detail : e.Message);
            }
        }
    }

    private async Task RelistOnceAsync(CancellationToken cancellationToken)
    {
        var filter = new ContainerFilter();
        filter.LabelSelector[RuntimeLabels.ManagedBy] = RuntimeLabels.ManagedByValue;
        var containers = await _context.Cri.Runtime.ListContainersAsync(new ListContainersRequest { Filter = filter }, CriClient.Options(cancellationToken)).ConfigureAwait(false);
        var sandboxFilter = new PodSandboxFilter();
        sandboxFilter.LabelSelector[RuntimeLabels.ManagedBy] = RuntimeLabels.ManagedByValue;
        var sandboxes = await _context.Cri.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest { Filter = sandboxFilter }, CriClient.Options(cancellationToken)).ConfigureAwait(false);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var container in containers.Containers)
        {
            seen.Add(container.Id);
            var state = container.State.ToString();
            if (!_lastStates.TryGetValue(container.Id, out var last) || last != state)
            {
                _lastStates[container.Id] = state;
                if (container.Labels.TryGetValue(RuntimeLabels.PodNamespace, out var ns) && container.Labels.TryGetValue(RuntimeLabels.PodName, out var name))
                {
                    _queue.Add($"{ns}/{name}");
                }
            }
        }

        foreach (var id in _lastStates.Keys.Where(id => !seen.Contains(id)).ToList())
        {
            _lastStates.TryRemove(id, out _);
        }

        // Orphans: sandboxes of pods (by uid) the API does not have on this node any more.
        var known = _informer.Cache.List().Select(p => p.Metadata.Uid).ToHashSet(StringComparer.Ordinal);
        foreach (var uid in sandboxes.Items.Select(s => s.Labels.GetValueOrDefault(RuntimeLabels.PodUid)).Concat(containers.Containers.Select(c => c.Labels.GetValueOrDefault(RuntimeLabels.PodUid))).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (!known.Contains(uid) && !_sync.IsTerminating(uid))
            {
                LogOrphan(_logger, uid);
                await _sync.RemoveOrphanAsync(uid, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "runtime relist failed: {Reason}")]
    private static partial void LogRelistFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "removing runtime pod {Uid}: no such pod on this node in the API")]
    private static partial void LogOrphan(ILogger logger, string uid);
}
