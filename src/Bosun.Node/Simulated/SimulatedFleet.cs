using System.Collections.Concurrent;
using System.Net;
using Bosun.Client.Informers;
using Bosun.Client.WorkQueues;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bosun.Node.Simulated;

/// <summary>
/// Plays the kubelets of <see cref="SimulatedNodeOptions.Count"/> nodes through the API only (as KWOK does): registers
/// the nodes, renews their Leases in kube-node-lease, posts node status when it is due or not Ready, turns pods bound
/// to them Running and Ready with an address from the node's pod CIDR, and finishes the termination of deleted pods.
/// No container is started. A node annotated <see cref="SimulatedNodeTemplate.StopHeartbeatAnnotation"/>=true goes
/// silent, as a crashed machine would.
/// </summary>
public sealed partial class SimulatedFleet
{
    private static readonly TimeSpan HeartbeatTick = TimeSpan.FromMilliseconds(100);

    private readonly Kubernetes _client;
    private readonly SimulatedNodeOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, SimulatedNode> _nodes = new(StringComparer.Ordinal);
    // Pod uid -> the address given to it, so a pod synced twice before its status lands keeps one address.
    private readonly ConcurrentDictionary<string, string> _podIps = new(StringComparer.Ordinal);
    private readonly Informer<V1Node> _nodeInformer;
    private readonly Informer<V1Pod> _podInformer;
    private readonly WorkQueue<string> _pods;
    private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SimulatedFleet(Kubernetes client, SimulatedNodeOptions options, ILogger? logger = null, TimeProvider? time = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Count, SimulatedNodeOptions.MaxCount);
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        for (var i = 0; i < options.Count; i++)
        {
            var node = new SimulatedNode(options.NamePrefix + i, i, SimulatedAddresses.PodCidr(i), SimulatedAddresses.NodeIp(i));
            _nodes.Add(node.Name, node);
        }

        _pods = new WorkQueue<string>(time: _time);
        _nodeInformer = new Informer<V1Node>(
            new ListWatch<V1Node>(
                async ct =>
                {
                    var list = await _client.CoreV1.ListNodeAsync(labelSelector: SimulatedNodeTemplate.SimulatedLabel + "=true", cancellationToken: ct);
                    return new ListResult<V1Node>([.. list.Items], list.Metadata.ResourceVersion);
                },
                (rv, onError, ct) => _client.CoreV1.WatchListNodeAsync(
                    labelSelector: SimulatedNodeTemplate.SimulatedLabel + "=true", allowWatchBookmarks: true, resourceVersion: rv,
                    timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct)),
            _logger,
            _time);
        // Only bound pods: a fake kubelet has nothing to do with pods the scheduler has not placed yet.
        _podInformer = new Informer<V1Pod>(
            new ListWatch<V1Pod>(
                async ct =>
                {
                    var list = await _client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: "spec.nodeName!=", cancellationToken: ct);
                    return new ListResult<V1Pod>([.. list.Items], list.Metadata.ResourceVersion);
                },
                (rv, onError, ct) => _client.CoreV1.WatchListPodForAllNamespacesAsync(
                    fieldSelector: "spec.nodeName!=", allowWatchBookmarks: true, resourceVersion: rv,
                    timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct)),
            _logger,
            _time)
            .AddIndexer(Indexers.NodeName, Indexers.ByNodeName);
        _podInformer.AddHandler(new InformerHandler<V1Pod>(OnAdd: OnPodChanged, OnUpdate: (_, pod) => OnPodChanged(pod), OnDelete: OnPodDeleted));
        _nodeInformer.AddHandler(new InformerHandler<V1Node>(OnUpdate: OnNodeUpdated));
    }

    /// <summary>Completes once every node (and its Lease) exists.</summary>
    public Task Registered => _registered.Task;

    /// <summary>The names of the simulated nodes.</summary>
    public IReadOnlyCollection<string> NodeNames => _nodes.Keys;

    /// <summary>Registers the nodes, then keeps them alive and runs their pods until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RegisterAsync(cancellationToken);
        }
        catch (Exception e)
        {
            _registered.TrySetException(e);
            throw;
        }

        _registered.TrySetResult();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var informers = Task.WhenAll(
            Task.Run(() => _nodeInformer.RunAsync(stop.Token), CancellationToken.None),
            Task.Run(() => _podInformer.RunAsync(stop.Token), CancellationToken.None));
        try
        {
            await Task.WhenAll(_nodeInformer.WaitForSyncAsync(stop.Token), _podInformer.WaitForSyncAsync(stop.Token));
            await Task.WhenAll(
                HeartbeatAsync(stop.Token),
                WorkQueueRunner.RunAsync(_pods, _options.Concurrency, SyncPodAsync, _logger, "simulated-kubelet", stop.Token));
        }
        finally
        {
            await stop.CancelAsync();
            await informers;
        }
    }

    /// <summary>Creates every node and Lease that does not exist yet; existing ones are adopted (a restarted simulator).</summary>
    private async Task RegisterAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var now = _time.GetUtcNow().UtcDateTime;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Concurrency), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(_nodes.Values, parallel, async (node, ct) =>
        {
            V1Node created;
            try
            {
                created = await _client.CoreV1.CreateNodeAsync(SimulatedNodeTemplate.Node(_options, node.Index, now), cancellationToken: ct);
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Conflict)
            {
                created = await _client.CoreV1.ReadNodeAsync(node.Name, cancellationToken: ct);
            }

            node.Uid = created.Metadata.Uid;
            node.LastStatusReport = now;
            await EnsureLeaseAsync(node, now, ct);
        });

        // Spread renewals evenly over the interval, so N nodes cost N/interval writes per second, never a burst.
        var count = Math.Max(1, _nodes.Count);
        foreach (var node in _nodes.Values)
        {
            node.NextRenewal = now + (_options.LeaseRenewInterval * node.Index / count);
        }

        var seconds = _time.GetElapsedTime(started).TotalSeconds;
        LogRegistered(_logger, _nodes.Count, seconds);
    }

    private Task EnsureLeaseAsync(SimulatedNode node, DateTime now, CancellationToken cancellationToken) =>
        NodeLeases.EnsureAsync(_client, node.Name, node.Uid, _options.LeaseDurationSeconds, now, cancellationToken);

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        var nodes = _nodes.Values.ToArray();
        using var inFlight = new SemaphoreSlim(Math.Max(1, _options.Concurrency));
        var pending = new List<Task>();
        using var timer = new PeriodicTimer(HeartbeatTick, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = _time.GetUtcNow().UtcDateTime;
                pending.RemoveAll(t => t.IsCompleted);
                foreach (var node in nodes)
                {
                    if (node.NextRenewal > now)
                    {
                        continue;
                    }

                    node.NextRenewal = now + _options.LeaseRenewInterval;
                    // Waiting here is the back-pressure: a slow server slows heartbeats instead of piling requests up.
                    await inFlight.WaitAsync(cancellationToken);
                    pending.Add(HeartbeatOnceAsync(node, now, cancellationToken).ContinueWith(_ => inFlight.Release(), TaskScheduler.Default));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }

        await Task.WhenAll(pending);
    }

    /// <summary>One kubelet heartbeat: renew the Lease; post node status when it is due or the node is not Ready.</summary>
    private async Task HeartbeatOnceAsync(SimulatedNode node, DateTime now, CancellationToken cancellationToken)
    {
        var current = _nodeInformer.Cache.Get(node.Name);
        if (current is null || IsStopped(current))
        {
            // Deleted (a kubelet whose node is gone posts nothing) or failed on request.
            return;
        }

        try
        {
            await NodeLeases.RenewAsync(_client, node.Name, node.Uid, _options.LeaseDurationSeconds, now, cancellationToken);

            var ready = current.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
            if (ready?.Status != "True" || now - node.LastStatusReport >= _options.StatusReportInterval)
            {
                var transition = ready?.Status == "True" ? ready.LastTransitionTime ?? now : now;
                var status = new V1Node { Status = new V1NodeStatus { Conditions = SimulatedNodeTemplate.HealthyConditions(now, transition) } };
                await _client.CoreV1.PatchNodeStatusAsync(new V1Patch(KubernetesJson.Serialize(status), V1Patch.PatchType.MergePatch), node.Name, cancellationToken: cancellationToken);
                node.LastStatusReport = now;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e)
        {
            // A missed heartbeat is what a real kubelet has too; the next one tries again.
            LogHeartbeatFailed(_logger, node.Name, e.Message);
        }
    }

    private void OnPodChanged(V1Pod pod)
    {
        if (pod.Spec?.NodeName is not { } nodeName || !_nodes.TryGetValue(nodeName, out var node))
        {
            return;
        }

        if (pod.Status?.PodIP is { } ip && node.Claim(ip))
        {
            _podIps.TryAdd(pod.Metadata.Uid, ip);
        }

        if (pod.Metadata.DeletionTimestamp is not null || NeedsToRun(pod))
        {
            _pods.Add(ObjectKey.Of(pod));
        }
    }

    private void OnPodDeleted(V1Pod pod)
    {
        if (pod.Spec?.NodeName is { } nodeName && _nodes.TryGetValue(nodeName, out var node))
        {
            Release(node, pod.Metadata.Uid);
        }
    }

    private void OnNodeUpdated(V1Node old, V1Node current)
    {
        // A node back from a simulated failure (or Ready again after node lifecycle marked it Unknown and its pods
        // not Ready) picks up what happened to its pods meanwhile.
        var back = (IsStopped(old) && !IsStopped(current)) || (!IsReady(old) && IsReady(current));
        if (back && _nodes.ContainsKey(current.Metadata.Name))
        {
            foreach (var pod in _podInformer.Cache.ByIndex(Indexers.NodeName, current.Metadata.Name))
            {
                _pods.Add(ObjectKey.Of(pod));
            }
        }
    }

    private async Task SyncPodAsync(string key, CancellationToken cancellationToken)
    {
        var pod = _podInformer.Cache.Get(key);
        if (pod?.Spec?.NodeName is not { } nodeName || !_nodes.TryGetValue(nodeName, out var node))
        {
            return;
        }

        // A stopped node's kubelet does nothing; on a node not (yet again) Ready, node lifecycle would undo a Ready pod.
        if (_nodeInformer.Cache.Get(nodeName) is not { } nodeObject || IsStopped(nodeObject) || !IsReady(nodeObject))
        {
            return;
        }

        try
        {
            if (pod.Metadata.DeletionTimestamp is not null)
            {
                // The containers are "stopped" at once; the kubelet's final delete (grace 0) removes the object.
                await _client.CoreV1.DeleteNamespacedPodAsync(
                    pod.Metadata.Name, pod.Metadata.NamespaceProperty,
                    new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } },
                    cancellationToken: cancellationToken);
                return;
            }

            if (!NeedsToRun(pod))
            {
                return;
            }

            var ip = _podIps.GetOrAdd(pod.Metadata.Uid, _ => node.Allocate());
            if (_podInformer.Cache.Get(key)?.Metadata.Uid != pod.Metadata.Uid)
            {
                // Deleted while the address was being picked (its delete event may already have passed).
                Release(node, pod.Metadata.Uid);
                return;
            }

            var patch = SimulatedPodStatus.RunningPatch(pod, node.HostIp, ip, _time.GetUtcNow().UtcDateTime);
            await _client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Gone, or replaced by a pod of the same name (uid precondition): nothing left to do for this one.
            if (e.Response?.StatusCode == HttpStatusCode.NotFound)
            {
                Release(node, pod.Metadata.Uid);
            }
        }
    }

    private void Release(SimulatedNode node, string uid)
    {
        if (_podIps.TryRemove(uid, out var ip))
        {
            node.Release(ip);
        }
    }

    /// <summary>
    /// A live pod the kubelet has not (or no longer) reported running and ready: new, or marked not Ready while its
    /// node was silent. Finished pods stay finished.
    /// </summary>
    private static bool NeedsToRun(V1Pod pod) =>
        pod.Metadata.DeletionTimestamp is null
        && pod.Status?.Phase is not ("Succeeded" or "Failed")
        && (pod.Status?.Phase is null or "Pending" || pod.Status.PodIP is null || !IsReady(pod));

    private static bool IsReady(V1Pod pod) => pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private static bool IsReady(V1Node node) => node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private static bool IsStopped(V1Node node) =>
        node.Metadata.Annotations?.TryGetValue(SimulatedNodeTemplate.StopHeartbeatAnnotation, out var value) == true && value == "true";

    [LoggerMessage(Level = LogLevel.Information, Message = "simulated nodes: {Count} registered in {Seconds:F1} s")]
    private static partial void LogRegistered(ILogger logger, int count, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "simulated node {Node}: heartbeat failed: {Reason}")]
    private static partial void LogHeartbeatFailed(ILogger logger, string node, string reason);
}
