using System.Net;
using System.Text.Json.Nodes;
using Bosun.Client.Informers;
using Bosun.Client.WorkQueues;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

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
        context.Pods.AddHandler(new InformerHandler<V1Pod>(
            OnAdd: pod => Enqueue(pod),
            OnUpdate: (old, pod) =>
            {
                if (old.Spec?.NodeName != pod.Spec?.NodeName || old.Spec?.Tolerations?.Count != pod.Spec?.Tolerations?.Count)
                {
                    Enqueue(pod);
                }
            }));
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
            return;
        }

        var now = _context.Time.GetUtcNow().UtcDateTime;
        // Counted from the newest taint, as the pod has been tolerating all of them only since then.
        var since = taints.Max(t => t.TimeAdded?.ToUniversalTime() ?? now);
        var due = since + after;
        if (due > now)
        {
            _queue.AddAfter(key, due - now);
            return;
        }

        await EvictAsync(pod, cancellationToken);
    }

    private async Task EvictAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        var ns = pod.Metadata.NamespaceProperty;
        var name = pod.Metadata.Name;
        LogEvicting(_logger, ns, name, pod.Spec.NodeName);
        _context.Events.Record(
            new V1ObjectReference { ApiVersion = "v1", Kind = "Pod", NamespaceProperty = ns, Name = name, Uid = pod.Metadata.Uid },
            "Normal", "TaintManagerEviction", $"Marking for deletion Pod {ns}/{name}");
        var condition = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "DisruptionTarget",
                    ["status"] = "True",
                    ["reason"] = "DeletionByTaintManager",
                    ["message"] = "Taint manager: deleting due to NoExecute taint",
                    ["lastTransitionTime"] = _context.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                }),
            },
        }.ToJsonString();
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
