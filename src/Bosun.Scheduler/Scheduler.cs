using System.Net;
using System.Text.Json.Nodes;
using Bosun.Client.Events;
using Bosun.Client.Informers;
using Bosun.Client.Models;
using Bosun.Scheduler.Cache;
using Bosun.Scheduler.Framework;
using Bosun.Scheduler.Plugins.InterPodAffinity;
using Bosun.Scheduler.Plugins.NodeAffinity;
using Bosun.Scheduler.Plugins.NodePorts;
using Bosun.Scheduler.Plugins.NodeResourcesFit;
using Bosun.Scheduler.Plugins.NodeUnschedulable;
using Bosun.Scheduler.Plugins.PodTopologySpread;
using Bosun.Scheduler.Plugins.TaintToleration;
using Bosun.Scheduler.Preemption;
using Bosun.Scheduler.Queue;
using Microsoft.Extensions.Logging;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Bosun.Scheduler;

/// <summary>
/// One leadership term of the scheduler: informers feed the cache and the queue; a single loop takes the next
/// pod, runs the algorithm on a fresh snapshot, assumes the pod on the chosen node and hands the bind to a
/// background call (so API latency does not serialize scheduling); a pod that fits nowhere may preempt, gets
/// its PodScheduled=False condition and a FailedScheduling event, and waits in the unschedulable queue.
/// </summary>
internal sealed partial class Scheduler : IDisposable
{
    private static readonly ClusterEvent NodeAdd = new("NodeAdd", null);
    private static readonly ClusterEvent AssignedPodDelete = new("AssignedPodDelete", new HashSet<string>(StringComparer.Ordinal)
    {
        NodeResourcesFitPlugin.PluginName, NodePortsPlugin.PluginName, InterPodAffinityPlugin.PluginName, PodTopologySpreadPlugin.PluginName, "DefaultPreemption",
    });

    private static readonly ClusterEvent AssignedPodAdd = new("AssignedPodAdd", new HashSet<string>(StringComparer.Ordinal)
    {
        InterPodAffinityPlugin.PluginName, PodTopologySpreadPlugin.PluginName,
    });

    private static readonly ClusterEvent AssignedPodLabelUpdate = AssignedPodAdd with { Name = "AssignedPodUpdate" };

    private readonly Kubernetes _client;
    private readonly SchedulerOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SchedulerCache _cache;
    private readonly SchedulingQueue _queue;
    private readonly Nominator _nominator = new();
    private readonly SchedulingAlgorithm _algorithm;
    private readonly DefaultPreemption _preemption;
    private readonly SemaphoreSlim _apiSlots;
    private readonly EventRecorder _events;
    private readonly Informer<V1Pod> _pods;
    private readonly Informer<V1Node> _nodes;
    private readonly Informer<V1PriorityClass> _priorityClasses;
    private readonly Informer<V1Namespace> _namespaces;
    private readonly Informer<V1Service> _services;
    private readonly Informer<V1ReplicationController> _controllers;
    private readonly Informer<V1ReplicaSet> _replicaSets;
    private readonly Informer<V1StatefulSet> _statefulSets;
    private readonly Snapshot _snapshot;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task> _podCalls = new(StringComparer.Ordinal);
    private int _pendingApiCalls;

    public Scheduler(Kubernetes client, SchedulerOptions options, ILoggerFactory loggers, TimeProvider time)
    {
        _client = client;
        _options = options;
        _loggers = loggers;
        _logger = loggers.CreateLogger<Scheduler>();
        _time = time;
        _cache = new SchedulerCache(time);
        _queue = new SchedulingQueue(time);
        _algorithm = new SchedulingAlgorithm(_nominator, options.PercentageOfNodesToScore, options.Parallelism);
        _preemption = new DefaultPreemption(_algorithm);
        _apiSlots = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentApiCalls));
        _events = new EventRecorder(client, SchedulerOptions.DefaultSchedulerName, Environment.MachineName, loggers.CreateLogger<EventRecorder>(), time);
        var informerLogger = loggers.CreateLogger("Bosun.Scheduler.Informers");
        _pods = new Informer<V1Pod>(
            new ListWatch<V1Pod>(
                async ct =>
                {
                    var list = await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: TerminalPodsExcluded, cancellationToken: ct);
                    return new ListResult<V1Pod>([.. list.Items], list.Metadata.ResourceVersion);
                },
                (rv, onError, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(fieldSelector: TerminalPodsExcluded, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct)),
            informerLogger,
            time);
        _nodes = new Informer<V1Node>(
            new ListWatch<V1Node>(
                async ct =>
                {
                    var list = await client.CoreV1.ListNodeAsync(cancellationToken: ct);
                    return new ListResult<V1Node>([.. list.Items], list.Metadata.ResourceVersion);
                },
                (rv, onError, ct) => client.CoreV1.WatchListNodeAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct)),
            informerLogger,
            time);
        _priorityClasses = new Informer<V1PriorityClass>(
            new ListWatch<V1PriorityClass>(
                async ct =>
                {
                    var list = await client.SchedulingV1.ListPriorityClassAsync(cancellationToken: ct);
                    return new ListResult<V1PriorityClass>([.. list.Items], list.Metadata.ResourceVersion);
                },
                (rv, onError, ct) => client.SchedulingV1.WatchListPriorityClassAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct)),
            informerLogger,
            time);
        _namespaces = new Informer<V1Namespace>(
            new ListWatch<V1Namespace>(
                async ct =>
                {
                    var list = await client.CoreV1.ListNamespaceAsync(cancellationToken: ct);
                    return new ListResult<V1Namespace>([.. list.Items], list.Metadata.ResourceVersion);
                },
                (rv, onError, ct) => client.CoreV1.WatchListNamespaceAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct)),
            informerLogger,
            time);
        _services = new Informer<V1Service>(
            new ListWatch<V1Service>(
                async ct =>
                {
                    var list = await client.CoreV1.ListServiceForAllNamespacesAsync(cancellationToken: ct);
                    return new ListResult<V1Service>([.. list.Items], list.Metadata.ResourceVersion);
                },
                (rv, onError, ct) => client.CoreV1.WatchListServiceForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct)),
            informerLogger,
            time).AddIndexer(Indexers.Namespace, Indexers.ByNamespace);
        _controllers = new Informer<V1ReplicationController>(
            new ListWatch<V1ReplicationController>(
                async ct =>
                {
                    var list = await client.CoreV1.ListReplicationControllerForAllNamespacesAsync(cancellationToken: ct);
                    return new ListResult<V1ReplicationController>([.. list.Items], list.Metadata.ResourceVersion);
                },
                (rv, onError, ct) => client.CoreV1.WatchListReplicationControllerForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct)),
            informerLogger,
            time).AddIndexer(Indexers.Namespace, Indexers.ByNamespace);
        _replicaSets = new Informer<V1ReplicaSet>(
            new ListWatch<V1ReplicaSet>(
                async ct =>
                {
                    var list = await client.AppsV1.ListReplicaSetForAllNamespacesAsync(cancellationToken: ct);
                    return new ListResult<V1ReplicaSet>([.. list.Items], list.Metadata.ResourceVersion);
                },
                (rv, onError, ct) => client.AppsV1.WatchListReplicaSetForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct)),
            informerLogger,
            time).AddIndexer(Indexers.Namespace, Indexers.ByNamespace);
        _statefulSets = new Informer<V1StatefulSet>(
            new ListWatch<V1StatefulSet>(
                async ct =>
                {
                    var list = await client.AppsV1.ListStatefulSetForAllNamespacesAsync(cancellationToken: ct);
                    return new ListResult<V1StatefulSet>([.. list.Items], list.Metadata.ResourceVersion);
                },
                (rv, onError, ct) => client.AppsV1.WatchListStatefulSetForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct)),
            informerLogger,
            time).AddIndexer(Indexers.Namespace, Indexers.ByNamespace);
        _snapshot = new Snapshot(new ClusterObjects(_namespaces, _services, _controllers, _replicaSets, _statefulSets));
        _pods.AddHandler(new InformerHandler<V1Pod>(OnPodAdd, OnPodUpdate, OnPodDelete));
        _nodes.AddHandler(new InformerHandler<V1Node>(OnNodeAdd, OnNodeUpdate, OnNodeDelete));
    }

    // As kube-scheduler: finished pods hold no resources and are not watched at all.
    private const string TerminalPodsExcluded = "status.phase!=Succeeded,status.phase!=Failed";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var informers = new[] { _pods.RunAsync, _nodes.RunAsync, _priorityClasses.RunAsync, _namespaces.RunAsync, _services.RunAsync, _controllers.RunAsync, _replicaSets.RunAsync, _statefulSets.RunAsync }
            .Select(run => Task.Run(() => run(cancellationToken), CancellationToken.None))
            .Append(Task.Run(() => _events.RunAsync(cancellationToken), CancellationToken.None))
            .ToList();
        try
        {
            await Task.WhenAll(
                _pods.WaitForSyncAsync(cancellationToken),
                _nodes.WaitForSyncAsync(cancellationToken),
                _priorityClasses.WaitForSyncAsync(cancellationToken),
                _namespaces.WaitForSyncAsync(cancellationToken),
                _services.WaitForSyncAsync(cancellationToken),
                _controllers.WaitForSyncAsync(cancellationToken),
                _replicaSets.WaitForSyncAsync(cancellationToken),
                _statefulSets.WaitForSyncAsync(cancellationToken));
            LogStarted(_logger, _cache.NodeCount, _queue.ActiveCount);
            var flush = Task.Run(() => FlushLoopAsync(cancellationToken), CancellationToken.None);
            await ScheduleLoopAsync(cancellationToken);
            await flush;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            _queue.Close();
            await Task.WhenAll(informers);
            // Let in-flight binds finish so that their pods are not left assumed by nobody.
            for (var i = 0; i < 50 && Volatile.Read(ref _pendingApiCalls) > 0; i++)
            {
                await Task.Delay(100, CancellationToken.None);
            }
        }
    }

    public void Dispose() => _apiSlots.Dispose();

    private async Task FlushLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _queue.Flush();
            if (_cache.CleanupExpired() > 0)
            {
                _queue.MoveAll(AssignedPodDelete);
            }
        }
    }

    private async Task ScheduleLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var queued = await _queue.PopAsync(cancellationToken);
            if (queued is null)
            {
                return;
            }

            try
            {
                ScheduleOne(queued);
            }
            catch (Exception e)
            {
                LogCycleFailed(_logger, queued.Info.Namespace, queued.Info.Name, e);
                _queue.Requeue(queued, unschedulable: false, new HashSet<string>());
            }
        }
    }

    private void ScheduleOne(QueuedPod queued)
    {
        var pod = queued.Info;
        if (pod.Terminating || _cache.IsAssumedOrBound(pod.Uid))
        {
            _queue.Done(pod.Key);
            return;
        }

        _cache.UpdateSnapshot(_snapshot);
        if (_snapshot.Nodes.Count == 0)
        {
            _queue.Requeue(queued, unschedulable: true, new HashSet<string>());
            ReportFailure(pod, "no nodes available to schedule pods", null);
            return;
        }

        var result = _algorithm.Schedule(pod, _snapshot);
        if (result.NodeName is { } node)
        {
            _cache.AssumePod(pod, node);
            _queue.Done(pod.Key);
            _nominator.Remove(pod.Uid);
            StartApiCall(pod.Uid, () => BindAsync(pod, node));
            return;
        }

        var preemption = _preemption.Preempt(pod, result, _snapshot);
        var message = FitError.Message(_snapshot.Nodes.Count, result.Statuses, preemption.NodeName is null ? preemption.Message : null);
        var rejectedBy = new HashSet<string>(StringComparer.Ordinal);
        foreach (var status in result.Statuses)
        {
            if (status is not null)
            {
                rejectedBy.Add(status.Plugin);
            }
        }

        if (preemption.NodeName is { } nominated)
        {
            _nominator.Nominate(pod, nominated);
            LogPreempting(_logger, pod.Namespace, pod.Name, nominated, preemption.Victims.Count);
            foreach (var victim in preemption.Victims)
            {
                StartApiCall(victim.Uid, () => EvictAsync(victim, pod, nominated));
            }
        }

        _queue.Requeue(queued, unschedulable: true, rejectedBy);
        ReportFailure(pod, message, preemption.NodeName);
    }

    /// <summary>
    /// Runs an API call in the background. Calls about the same pod run in order (a failure's status patch still in
    /// flight must not land after a later bind and mark a bound pod Unschedulable); different pods run concurrently.
    /// </summary>
    private void StartApiCall(string uid, Func<Task> call)
    {
        Interlocked.Increment(ref _pendingApiCalls);
        _podCalls.TryGetValue(uid, out var previous);
        var task = RunApiCallAsync(previous, call);
        _podCalls[uid] = task;
        _ = task.ContinueWith(t => _podCalls.TryRemove(new KeyValuePair<string, Task>(uid, t)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task RunApiCallAsync(Task? previous, Func<Task> call)
    {
        if (previous is not null)
        {
            // Its failure was logged where it happened; only the order matters here.
            await previous.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        else
        {
            await Task.Yield();
        }

        try
        {
            await _apiSlots.WaitAsync();
        }
        catch (ObjectDisposedException)
        {
            // The term ended long ago; the next leader starts from the API's state.
            Interlocked.Decrement(ref _pendingApiCalls);
            return;
        }

        try
        {
            await call();
        }
        catch (Exception e)
        {
            LogApiCallFailed(_logger, e.Message);
        }
        finally
        {
            try
            {
                _apiSlots.Release();
            }
            catch (ObjectDisposedException)
            {
                // As above.
            }

            Interlocked.Decrement(ref _pendingApiCalls);
        }
    }

    private async Task BindAsync(PodInfo pod, string node)
    {
        var binding = new V1Binding
        {
            Metadata = new V1ObjectMeta { Name = pod.Name, NamespaceProperty = pod.Namespace, Uid = pod.Pod.Metadata?.Uid },
            Target = new V1ObjectReference { ApiVersion = "v1", Kind = "Node", Name = node },
        };
        try
        {
            await _client.CoreV1.CreateNamespacedPodBindingAsync(binding, pod.Name, pod.Namespace);
        }
        catch (Exception e)
        {
            _cache.ForgetPod(pod.Uid);
            _queue.MoveAll(AssignedPodDelete);
            LogBindFailed(_logger, pod.Namespace, pod.Name, node, e.Message);
            var gone = e is HttpOperationException { Response.StatusCode: HttpStatusCode.NotFound };
            if (!gone && _pods.Cache.Get(pod.Key) is { } current && string.IsNullOrEmpty(current.Spec?.NodeName) && current.Metadata?.DeletionTimestamp is null)
            {
                _queue.AddAfterError(Info(current));
                _events.Record(Reference(pod), "Warning", "FailedScheduling", $"Binding rejected: {e.Message}");
            }

            return;
        }

        _cache.FinishBinding(pod.Uid);
        _events.Record(Reference(pod), "Normal", "Scheduled", $"Successfully assigned {pod.Namespace}/{pod.Name} to {node}");
    }

    /// <summary>Marks a victim with the DisruptionTarget condition, then deletes it (with its grace period).</summary>
    private async Task EvictAsync(PodInfo victim, PodInfo preemptor, string node)
    {
        var patch = StatusPatches.PodCondition(
            "DisruptionTarget", "True", _time.GetUtcNow().UtcDateTime, "PreemptionByScheduler", $"{SchedulerOptions.DefaultSchedulerName}: preempting to accommodate a higher priority pod");
        try
        {
            await _client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(patch, V1Patch.PatchType.StrategicMergePatch), victim.Name, victim.Namespace);
            await _client.CoreV1.DeleteNamespacedPodAsync(victim.Name, victim.Namespace, new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = victim.Pod.Metadata?.Uid } });
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Already gone (or replaced): nothing to evict.
            return;
        }

        _events.Record(Reference(victim), "Normal", "Preempted", $"Preempted by pod {preemptor.Uid} on node {node}");
    }

    /// <summary>The FailedScheduling event, and the PodScheduled=False condition (and nomination) when they changed.</summary>
    private void ReportFailure(PodInfo pod, string message, string? nominatedNode)
    {
        LogUnschedulable(_logger, pod.Namespace, pod.Name, message);
        _events.Record(Reference(pod), "Warning", "FailedScheduling", message);
        var current = _pods.Cache.Get(pod.Key)?.Status ?? pod.Pod.Status;
        var existing = current?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
        var sameCondition = existing is { Status: "False", Reason: "Unschedulable" } && existing.Message == message;
        var sameNomination = nominatedNode is null || current?.NominatedNodeName == nominatedNode;
        if (sameCondition && sameNomination)
        {
            return;
        }

        var condition = new JsonObject
        {
            ["type"] = "PodScheduled",
            ["status"] = "False",
            ["reason"] = "Unschedulable",
            ["message"] = message,
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = existing is { Status: "False" } && existing.LastTransitionTime is { } since
                ? since.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)
                : _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        };
        var status = new JsonObject { ["conditions"] = new JsonArray(condition) };
        if (nominatedNode is not null)
        {
            status["nominatedNodeName"] = nominatedNode;
        }

        var body = new JsonObject { ["status"] = status }.ToJsonString();
        StartApiCall(pod.Uid, async () =>
        {
            try
            {
                await _client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(body, V1Patch.PatchType.StrategicMergePatch), pod.Name, pod.Namespace);
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
            {
                // Deleted meanwhile.
            }
        });
    }

    // Built here rather than from the object: list items carry no kind, and informer objects are shared.
    private static V1ObjectReference Reference(PodInfo pod) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        NamespaceProperty = pod.Namespace,
        Name = pod.Name,
        Uid = pod.Pod.Metadata?.Uid,
        ResourceVersion = pod.Pod.Metadata?.ResourceVersion,
    };

    private PodInfo Info(V1Pod pod)
    {
        // Without the Priority admission plugin a pod may name a class but carry no number: resolve it here
        // (without touching the informer's shared object).
        int? classPriority = pod.Spec is { Priority: null, PriorityClassName: { Length: > 0 } className } && _priorityClasses.Cache.Get(className) is { } pc
            ? pc.Value
            : null;
        return PodInfo.Create(pod, classPriority);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "scheduler caches synced: {Nodes} nodes, {Pending} pods pending")]
    private static partial void LogStarted(ILogger logger, int nodes, int pending);

    [LoggerMessage(Level = LogLevel.Debug, Message = "pod {Namespace}/{Name} is unschedulable: {Message}")]
    private static partial void LogUnschedulable(ILogger logger, string @namespace, string name, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "pod {Namespace}/{Name} preempts {Victims} pod(s) on node {Node}")]
    private static partial void LogPreempting(ILogger logger, string @namespace, string name, string node, int victims);

    [LoggerMessage(Level = LogLevel.Warning, Message = "binding {Namespace}/{Name} to {Node} failed: {Error}")]
    private static partial void LogBindFailed(ILogger logger, string @namespace, string name, string node, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "scheduling cycle of {Namespace}/{Name} failed")]
    private static partial void LogCycleFailed(ILogger logger, string @namespace, string name, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "scheduler API call failed: {Error}")]
    private static partial void LogApiCallFailed(ILogger logger, string error);
}
