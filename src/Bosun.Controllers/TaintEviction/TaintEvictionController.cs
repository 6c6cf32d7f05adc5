using System.Net;
using Bosun.Client.Informers;
using Bosun.Client.Models;
using Bosun.Client.WorkQueues;
using Microsoft.Extensions.Logging;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Bosun.Controllers.TaintEviction;

/// <summary>
/// kube-controller-manager's taint eviction controller: a pod on a node with NoExecute taints it does not tolerate
/// is deleted at once; one that tolerates them for tolerationSeconds is deleted when that time, counted from when the
/// taint was added, runs out. The pod first gets the DisruptionTarget condition (reason DeletionByTaintManager), so its
/// owner knows why; its ReplicaSet then replaces it on another node.
/// </summary>
internal sealed partial class TaintEvictionController : IController
{
    private readonly ControllerContext _context;
    private readonly int _workers;
    private readonly WorkQueue<string> _queue;
    private readonly ILogger _logger;
    // Pod uid -> when the pod was first seen on a node with NoExecute taints (for taints without timeAdded).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTime> _firstSeen = new(StringComparer.Ordinal);

    public TaintEvictionController(ControllerContext context, int workers)
    {
        _context = context;
        _workers = workers;
        _queue = new WorkQueue<string>(time: context.Time);
        _logger = context.Loggers.CreateLogger<TaintEvictionController>();
        context.Nodes.AddHandler(new InformerHandler<V1Node>(
            OnAdd: EnqueuePodsOf,
            OnUpdate: (old, node) =>
            {
                if (!NoExecute(old).SequenceEqual(NoExecute(node), TaintComparer.Instance))
                {
                    EnqueuePodsOf(node);
                }
            }));
        // Any change to a pod on a NoExecute-tainted node is looked at (its tolerations may have changed); pods
        // elsewhere cost nothing.
        context.Pods.AddHandler(new InformerHandler<V1Pod>(
            OnAdd: EnqueueIfTainted,
            OnUpdate: (_, pod) => EnqueueIfTainted(pod),
            OnDelete: pod => _firstSeen.TryRemove(pod.Metadata.Uid, out _)));
    }

    public string Name => "taint-eviction-controller";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_context.Nodes.WaitForSyncAsync(cancellationToken), _context.Pods.WaitForSyncAsync(cancellationToken));
        await WorkQueueRunner.RunAsync(_queue, _workers, SyncAsync, _logger, Name, cancellationToken);
    }

    private void EnqueuePodsOf(V1Node node)
    {
        if (!NoExecute(node).Any())
        {
            return;
        }

        foreach (var pod in _context.Pods.Cache.ByIndex(Indexers.NodeName, node.Metadata.Name))
        {
            Enqueue(pod);
        }
    }

    private void EnqueueIfTainted(V1Pod pod)
    {
        if (pod.Spec?.NodeName is { Length: > 0 } node && _context.Nodes.Cache.Get(node) is { } n && NoExecute(n).Any())
        {
            Enqueue(pod);
        }
    }

    private void Enqueue(V1Pod pod)
    {
        if (pod.Spec?.NodeName is { Length: > 0 } && pod.Metadata.DeletionTimestamp is null)
        {
            _queue.Add(ObjectKey.Of(pod));
        }
    }

    private async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        if (_context.Pods.Cache.Get(key) is not { Metadata.DeletionTimestamp: null } pod
            || pod.Spec?.NodeName is not { Length: > 0 } nodeName
            || _context.Nodes.Cache.Get(nodeName) is not { } node)
        {
            return;
        }

        var taints = NoExecute(node).ToList();
        if (taints.Count == 0 || EvictionDelay.EvictAfter(taints, pod.Spec.Tolerations) is not { } after)
        {
            _firstSeen.TryRemove(pod.Metadata.Uid, out _);
            return;
        }

        var now = _context.Time.GetUtcNow().UtcDateTime;
        // Counted from when the pod first had to tolerate a taint: the earliest timeAdded, or (a taint written without
        // one) when this controller first saw the pod on the tainted node — never postponed by later syncs.
        var firstSeen = _firstSeen.GetOrAdd(pod.Metadata.Uid, now);
        var since = taints.Min(t => t.TimeAdded?.ToUniversalTime() ?? firstSeen);
        var due = since + after;
        if (due > now)
        {
            _queue.AddAfter(key, due - now);
            return;
        }

        await EvictAsync(pod, cancellationToken);
        _firstSeen.TryRemove(pod.Metadata.Uid, out _);
    }

    private async Task EvictAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        var ns = pod.Metadata.NamespaceProperty;
        var name = pod.Metadata.Name;
        LogEvicting(_logger, ns, name, pod.Spec.NodeName);
        _context.Events.Record(
            new V1ObjectReference { ApiVersion = "v1", Kind = "Pod", NamespaceProperty = ns, Name = name, Uid = pod.Metadata.Uid },
            "Normal", "TaintManagerEviction", $"Marking for deletion Pod {ns}/{name}");
        var condition = StatusPatches.PodCondition(
            "DisruptionTarget", "True", _context.Time.GetUtcNow().UtcDateTime, "DeletionByTaintManager", "Taint manager: deleting due to NoExecute taint");
        try
        {
            await _context.Client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(condition, V1Patch.PatchType.StrategicMergePatch), name, ns, cancellationToken: cancellationToken);
            await _context.Client.CoreV1.DeleteNamespacedPodAsync(name, ns, new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } }, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Gone, or a newer pod of that name (uid precondition).
        }
    }

    private static IEnumerable<V1Taint> NoExecute(V1Node node) => node.Spec?.Taints?.Where(t => t.Effect == "NoExecute") ?? [];

    [LoggerMessage(Level = LogLevel.Information, Message = "evicting pod {Namespace}/{Name} from node {Node}: NoExecute taint not tolerated")]
    private static partial void LogEvicting(ILogger logger, string @namespace, string name, string node);

    private sealed class TaintComparer : IEqualityComparer<V1Taint>
    {
        public static readonly TaintComparer Instance = new();

        public bool Equals(V1Taint? x, V1Taint? y) =>
            x?.Key == y?.Key && x?.Value == y?.Value && x?.Effect == y?.Effect && x?.TimeAdded == y?.TimeAdded;

        public int GetHashCode(V1Taint obj) => HashCode.Combine(obj.Key, obj.Value, obj.Effect);
    }
}
