using System.Net;
using System.Text.Json.Nodes;
using Bosun.Client.Informers;
using Bosun.Client.Models;
using Bosun.Client.WorkQueues;
using Microsoft.Extensions.Logging;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Bosun.Controllers.NodeLifecycle;

/// <summary>
/// kube-controller-manager's node lifecycle controller: watches node heartbeats (Leases in kube-node-lease and the
/// Ready condition's lastHeartbeatTime); a node silent for longer than the grace period gets its conditions set to
/// Unknown ("Kubelet stopped posting node status."), its pods marked not Ready, and the NoExecute taint
/// node.kubernetes.io/unreachable (not-ready for a node reporting Ready=False), which the taint eviction controller
/// acts on. NoSchedule taints follow the conditions and spec.unschedulable (TaintNodesByCondition). NoExecute taints
/// are added at most <see cref="ControllerManagerOptions.NodeEvictionRate"/> nodes per second per zone, and not at all
/// while no node is Ready (a control plane that lost its network must not evict everything).
/// </summary>
internal sealed partial class NodeLifecycleController : IController
{
    private const string ZoneLabel = "topology.kubernetes.io/zone";

    private readonly ControllerContext _context;
    private readonly ControllerManagerOptions _options;
    private readonly WorkQueue<string> _queue;
    private readonly ILogger _logger;
    private readonly Dictionary<string, NodeHealth> _health = new(StringComparer.Ordinal);
    private readonly ZoneRateLimiter _evictionLimiter;

    public NodeLifecycleController(ControllerContext context, ControllerManagerOptions options)
    {
        _context = context;
        _options = options;
        _queue = new WorkQueue<string>(time: context.Time);
        _logger = context.Loggers.CreateLogger<NodeLifecycleController>();
        _evictionLimiter = new ZoneRateLimiter(options.NodeEvictionRate);
        context.Nodes.AddHandler(new InformerHandler<V1Node>(
            OnAdd: n => _queue.Add(n.Metadata.Name),
            OnUpdate: (_, n) => _queue.Add(n.Metadata.Name)));
        _ = context.NodeLeases;
        _ = context.Pods;
    }

    public string Name => "node-lifecycle";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(
            _context.Nodes.WaitForSyncAsync(cancellationToken),
            _context.NodeLeases.WaitForSyncAsync(cancellationToken),
            _context.Pods.WaitForSyncAsync(cancellationToken));
        await Task.WhenAll(
            MonitorAsync(cancellationToken),
            WorkQueueRunner.RunAsync(_queue, _options.Workers, SyncAsync, _logger, Name, cancellationToken));
    }

    private async Task MonitorAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.NodeMonitorPeriod, _context.Time);
        do
        {
            try
            {
                await MonitorOnceAsync(cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogMonitorFailed(_logger, e.Message);
            }
        }
        while (await WaitAsync(timer, cancellationToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Records heartbeats and marks nodes silent for longer than the grace period Unknown.</summary>
    internal async Task MonitorOnceAsync(CancellationToken cancellationToken)
    {
        var now = _context.Time.GetUtcNow().UtcDateTime;
        var nodes = _context.Nodes.Cache.List();
        var silent = new List<V1Node>();
        lock (_health)
        {
            foreach (var gone in _health.Keys.Except(nodes.Select(n => n.Metadata.Name)).ToList())
            {
                _health.Remove(gone);
            }

            foreach (var node in nodes)
            {
                var name = node.Metadata.Name;
                if (!_health.TryGetValue(name, out var health))
                {
                    // A node first seen now (or after this controller started) gets a full grace period.
                    health = new NodeHealth(now);
                    _health[name] = health;
                }

                var lease = _context.NodeLeases.Cache.Get(ObjectKey.For("kube-node-lease", name));
                var ready = node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
                health.Observe(lease?.Spec?.RenewTime, ready?.LastHeartbeatTime, now);
                if (health.IsSilent(now, _options.NodeMonitorGracePeriod) && ready?.Status != "Unknown")
                {
                    silent.Add(node);
                }
            }
        }

        foreach (var node in silent)
        {
            await MarkUnknownAsync(node, now, cancellationToken);
        }
    }

    private async Task MarkUnknownAsync(V1Node node, DateTime now, CancellationToken cancellationToken)
    {
        var types = new[] { "Ready", "MemoryPressure", "DiskPressure", "PIDPressure" };
        var conditions = new JsonArray();
        foreach (var type in types)
        {
            var existing = node.Status?.Conditions?.FirstOrDefault(c => c.Type == type);
            if (existing?.Status == "Unknown")
            {
                continue;
            }

            conditions.Add(new JsonObject
            {
                ["type"] = type,
                ["status"] = "Unknown",
                ["reason"] = existing is null ? "NodeStatusNeverUpdated" : "NodeStatusUnknown",
                ["message"] = existing is null ? "Kubelet never posted node status." : "Kubelet stopped posting node status.",
                ["lastHeartbeatTime"] = existing?.LastHeartbeatTime is { } heartbeat ? StatusPatches.Timestamp(heartbeat) : StatusPatches.Timestamp(now),
                ["lastTransitionTime"] = StatusPatches.Timestamp(now),
            });
        }

        LogNodeUnknown(_logger, node.Metadata.Name);
        var patch = new JsonObject { ["status"] = new JsonObject { ["conditions"] = conditions } }.ToJsonString();
        try
        {
            await _context.Client.CoreV1.PatchNodeStatusAsync(new V1Patch(patch, V1Patch.PatchType.StrategicMergePatch), node.Metadata.Name, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            // Deleted meanwhile.
        }

        _context.Events.Record(NodeReference(node), "Normal", "NodeNotReady", $"Node {node.Metadata.Name} status is now: NodeNotReady");
    }

    /// <summary>Brings one node's taints in line with its state and marks its pods not Ready when it is not.</summary>
    private async Task SyncAsync(string name, CancellationToken cancellationToken)
    {
        if (_context.Nodes.Cache.Get(name) is not { } node)
        {
            return;
        }

        var now = _context.Time.GetUtcNow().UtcDateTime;
        var noExecute = NodeTaints.NoExecuteKey(node);
        var current = node.Spec?.Taints ?? [];
        var hasIt = noExecute is not null && current.Any(t => t.Key == noExecute && t.Effect == "NoExecute");
        if (noExecute is not null && !hasIt)
        {
            var swap = current.Any(t => t.Effect == "NoExecute" && t.Key is NodeTaints.NotReady or NodeTaints.Unreachable);
            if (NoNodeReady())
            {
                // Full disruption: more likely this side lost the network than every node died. Looked at again
                // each monitor period, since a silent node sends no update to wake this up.
                LogFullDisruption(_logger, name);
                noExecute = null;
                _queue.AddAfter(name, _options.NodeMonitorPeriod);
            }
            else if (!swap && !_evictionLimiter.TryTake(ZoneOf(node), now, out var wait))
            {
                // Keep the taints as they are for now, and come back when the zone's rate allows.
                noExecute = current.FirstOrDefault(t => t.Effect == "NoExecute" && t.Key is NodeTaints.NotReady or NodeTaints.Unreachable)?.Key;
                if (wait != Timeout.InfiniteTimeSpan)
                {
                    _queue.AddAfter(name, wait);
                }
            }
        }

        if (NodeTaints.Reconcile(node.Spec?.Taints, NodeTaints.NoScheduleKeys(node), noExecute, now) is { } taints)
        {
            var patch = new JsonObject
            {
                ["metadata"] = new JsonObject { ["resourceVersion"] = node.Metadata.ResourceVersion },
                // No taints left: the field goes, as a Go client's omitempty would leave it, rather than an empty list.
                ["spec"] = new JsonObject { ["taints"] = taints.Count == 0 ? null : JsonNode.Parse(KubernetesJson.Serialize(taints)) },
            }.ToJsonString();
            // A merge patch with the resourceVersion: the taint list is replaced only if nobody changed the node meanwhile.
            await _context.Client.CoreV1.PatchNodeAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), name, cancellationToken: cancellationToken);
        }

        if (NodeTaints.ReadyStatus(node) != "True")
        {
            await MarkPodsNotReadyAsync(node, now, cancellationToken);
        }
    }

    private bool NoNodeReady()
    {
        var nodes = _context.Nodes.Cache.List();
        return nodes.Count > 0 && nodes.All(n => NodeTaints.ReadyStatus(n) != "True");
    }

    private async Task MarkPodsNotReadyAsync(V1Node node, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var pod in _context.Pods.Cache.ByIndex(Indexers.NodeName, node.Metadata.Name))
        {
            if (pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready") is not { Status: "True" })
            {
                continue;
            }

            var patch = StatusPatches.PodCondition("Ready", "False", now);
            try
            {
                await _context.Client.CoreV1.PatchNamespacedPodStatusAsync(
                    new V1Patch(patch, V1Patch.PatchType.StrategicMergePatch), pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
            {
                // Gone meanwhile.
            }
        }
    }

    private static string ZoneOf(V1Node node) => node.Metadata.Labels?.TryGetValue(ZoneLabel, out var zone) == true ? zone : "";

    private static V1ObjectReference NodeReference(V1Node node) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Name = node.Metadata.Name,
        Uid = node.Metadata.Name,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node} stopped posting status: marking it Unknown")]
    private static partial void LogNodeUnknown(ILogger logger, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "no node is Ready: not adding NoExecute taints (to {Node}) until one is")]
    private static partial void LogFullDisruption(ILogger logger, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "node health check failed: {Reason}")]
    private static partial void LogMonitorFailed(ILogger logger, string reason);
}
