using System.Net;
using Bosun.Client.Events;
using Bosun.Client.Informers;
using Bosun.Client.Models;
using Bosun.Client.WorkQueues;
using Bosun.Controllers.Workloads;
using Microsoft.Extensions.Logging;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Bosun.Controllers.Disruption;

/// <summary>
/// Keeps every PodDisruptionBudget's status current (kube-controller-manager's "disruption" controller): expected
/// and healthy pods, how many must stay healthy, how many disruptions are allowed, the DisruptionAllowed condition,
/// and the pods an eviction took a disruption for (forgotten once the pod is gone, or after two minutes if its
/// deletion never happened). pods/eviction reads this status to answer 429 or delete.
/// </summary>
internal sealed class DisruptionController : IController
{
    /// <summary>How long an eviction's entry in disruptedPods counts the pod as already gone (upstream's DeletionTimeout).</summary>
    internal static readonly TimeSpan DeletionTimeout = TimeSpan.FromMinutes(2);

    private readonly ControllerContext _context;
    private readonly int _workers;
    private readonly WorkQueue<string> _queue;
    private readonly ILogger _logger;
    private readonly EventRecorder _events;

    public DisruptionController(ControllerContext context, int workers)
    {
        _context = context;
        _workers = workers;
        _queue = new WorkQueue<string>(time: context.Time);
        _logger = context.Loggers.CreateLogger<DisruptionController>();
        _events = context.RecorderFor("controllermanager");
        context.PodDisruptionBudgets.AddHandler(new InformerHandler<V1PodDisruptionBudget>(
            OnAdd: b => _queue.Add(ObjectKey.Of(b)),
            OnUpdate: (_, b) => _queue.Add(ObjectKey.Of(b))));
        context.Pods.AddHandler(new InformerHandler<V1Pod>(
            OnAdd: EnqueueBudgetsOf,
            OnUpdate: (old, pod) =>
            {
                EnqueueBudgetsOf(pod);
                if (!LabelSets.Equal(old.Metadata.Labels, pod.Metadata.Labels))
                {
                    EnqueueBudgetsOf(old);
                }
            },
            OnDelete: EnqueueBudgetsOf));
    }

    public string Name => "disruption";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_context.PodDisruptionBudgets.WaitForSyncAsync(cancellationToken), _context.Pods.WaitForSyncAsync(cancellationToken));
        await WorkQueueRunner.RunAsync(_queue, _workers, SyncAsync, _logger, Name, cancellationToken);
    }

    private void EnqueueBudgetsOf(V1Pod pod)
    {
        foreach (var budget in _context.PodDisruptionBudgets.Cache.ByIndex(Indexers.Namespace, pod.Metadata.NamespaceProperty))
        {
            if (LabelSelectors.Matches(budget.Spec?.Selector, pod.Metadata.Labels))
            {
                _queue.Add(ObjectKey.Of(budget));
            }
        }
    }

    private async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        if (_context.PodDisruptionBudgets.Cache.Get(key) is not { } budget)
        {
            return;
        }

        var ns = budget.Metadata.NamespaceProperty;
        var pods = _context.Pods.Cache.ByIndex(Indexers.Namespace, ns).Where(p => LabelSelectors.Matches(budget.Spec?.Selector, p.Metadata.Labels)).ToList();
        var now = _context.Time.GetUtcNow().UtcDateTime;

        int expected, desired;
        string? failure = null;
        try
        {
            var spec = budget.Spec ?? new V1PodDisruptionBudgetSpec();
            var scale = 0;
            if (DisruptionBudgetMath.NeedsControllerScale(spec))
            {
                scale = await ControllerScaleAsync(pods, cancellationToken);
                if (pods.Any(p => p.Metadata.OwnerReferences?.Any(o => o.Controller == true) != true))
                {
                    _events.Record(
                        new V1ObjectReference { ApiVersion = "policy/v1", Kind = "PodDisruptionBudget", NamespaceProperty = ns, Name = budget.Metadata.Name, Uid = budget.Metadata.Uid },
                        "Warning",
                        "UnmanagedPods",
                        $"Pods selected by this PodDisruptionBudget (selector: {SelectorText(budget.Spec?.Selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set \".spec.minAvailable\" field of the PDB to an integer value.");
                }
            }

            (expected, desired) = DisruptionBudgetMath.Desired(spec, pods.Count, scale);
        }
        catch (InvalidOperationException e)
        {
            // Fail safe, as upstream: no disruption is allowed while the budget cannot be evaluated.
            (expected, desired, failure) = (0, 0, e.Message);
        }

        var disrupted = CurrentDisruptions(budget, pods, now, out var nextExpiry);
        var healthy = pods.Count(p => IsHealthy(p) && !disrupted.ContainsKey(p.Metadata.Name));
        var allowed = failure is null ? DisruptionBudgetMath.Allowed(healthy, desired, expected) : 0;
        // Fail safe as upstream: a budget that cannot be evaluated keeps its last status but allows nothing.
        var status = failure is not null
            ? new V1PodDisruptionBudgetStatus
            {
                CurrentHealthy = budget.Status?.CurrentHealthy ?? 0,
                DesiredHealthy = budget.Status?.DesiredHealthy ?? 0,
                ExpectedPods = budget.Status?.ExpectedPods ?? 0,
                DisruptionsAllowed = 0,
                DisruptedPods = budget.Status?.DisruptedPods,
                ObservedGeneration = budget.Status?.ObservedGeneration,
                Conditions = [Condition(budget.Status, 0, failure, now)],
            }
            : new V1PodDisruptionBudgetStatus
            {
                CurrentHealthy = healthy,
                DesiredHealthy = desired,
                ExpectedPods = expected,
                DisruptionsAllowed = allowed,
                DisruptedPods = disrupted.Count == 0 ? null : disrupted.ToDictionary(kv => kv.Key, kv => (DateTime?)kv.Value),
                ObservedGeneration = budget.Metadata.Generation,
                Conditions = [Condition(budget.Status, allowed, failure, now)],
            };

        if (nextExpiry is { } expiry)
        {
            _queue.AddAfter(key, expiry - now);
        }

        if (Same(budget.Status, status))
        {
            return;
        }

        var updated = new V1PodDisruptionBudget
        {
            ApiVersion = "policy/v1",
            Kind = "PodDisruptionBudget",
            Metadata = budget.Metadata,
            Spec = budget.Spec,
            Status = status,
        };
        try
        {
            await _context.Client.PolicyV1.ReplaceNamespacedPodDisruptionBudgetStatusAsync(updated, budget.Metadata.Name, ns, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            // Deleted meanwhile.
        }
    }

    /// <summary>The sum of the replicas of the selected pods' controllers (each counted once).</summary>
    private async Task<int> ControllerScaleAsync(IReadOnlyList<V1Pod> pods, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var seenOwners = new HashSet<string>(StringComparer.Ordinal);
        var total = 0;
        foreach (var pod in pods)
        {
            if (pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true) is not { } owner)
            {
                // Unmanaged pods have no scale to count (upstream skips them and warns, see SyncAsync).
                continue;
            }

            if (!seenOwners.Add(owner.Uid))
            {
                continue;
            }

            // Keyed by the controller the scale comes from: the old and new ReplicaSets of one Deployment count it once.
            var (controllerUid, scale) = await ScaleOfAsync(pod.Metadata.NamespaceProperty, owner, pod.Metadata.Name, cancellationToken);
            if (seen.Add(controllerUid))
            {
                total += scale;
            }
        }

        return total;
    }

    /// <summary>The uid and replicas of the controller whose scale counts for a pod owned by <paramref name="owner"/>.</summary>
    private async Task<(string Uid, int Replicas)> ScaleOfAsync(string ns, V1OwnerReference owner, string podName, CancellationToken cancellationToken)
    {
        var client = _context.Client;
        try
        {
            switch (owner.Kind)
            {
                case "ReplicaSet":
                    var replicaSet = Checked(await client.AppsV1.ReadNamespacedReplicaSetAsync(owner.Name, ns, cancellationToken: cancellationToken), owner, podName);
                    // A Deployment's ReplicaSets come and go during rollouts; the Deployment's size is the stable one.
                    if (replicaSet.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true && o.Kind == "Deployment") is { } deploymentRef)
                    {
                        var deployment = Checked(await client.AppsV1.ReadNamespacedDeploymentAsync(deploymentRef.Name, ns, cancellationToken: cancellationToken), deploymentRef, podName);
                        return (deployment.Metadata.Uid, deployment.Spec.Replicas ?? 1);
                    }

                    return (replicaSet.Metadata.Uid, replicaSet.Spec.Replicas ?? 1);
                case "ReplicationController":
                    var rc = Checked(await client.CoreV1.ReadNamespacedReplicationControllerAsync(owner.Name, ns, cancellationToken: cancellationToken), owner, podName);
                    return (rc.Metadata.Uid, rc.Spec.Replicas ?? 1);
                case "StatefulSet":
                    var set = Checked(await client.AppsV1.ReadNamespacedStatefulSetAsync(owner.Name, ns, cancellationToken: cancellationToken), owner, podName);
                    return (set.Metadata.Uid, set.Spec.Replicas ?? 1);
                case "Deployment":
                    var direct = Checked(await client.AppsV1.ReadNamespacedDeploymentAsync(owner.Name, ns, cancellationToken: cancellationToken), owner, podName);
                    return (direct.Metadata.Uid, direct.Spec.Replicas ?? 1);
                default:
                    throw new InvalidOperationException($"found no controllers for pod \"{podName}\"");
            }
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            throw new InvalidOperationException($"found no controllers for pod \"{podName}\"", e);
        }
    }

    /// <summary>The object read, if it is the one the reference names (not a newer object of the same name).</summary>
    private static T Checked<T>(T obj, V1OwnerReference reference, string podName)
        where T : IKubernetesObject<V1ObjectMeta> =>
        obj.Metadata.Uid == reference.Uid ? obj : throw new InvalidOperationException($"found no controllers for pod \"{podName}\"");

    /// <summary>
    /// The evictions still in flight: entries whose pod exists, is not yet being deleted and was evicted less than
    /// <see cref="DeletionTimeout"/> ago. <paramref name="nextExpiry"/> is when the earliest of them lapses.
    /// </summary>
    private static Dictionary<string, DateTime> CurrentDisruptions(V1PodDisruptionBudget budget, IReadOnlyList<V1Pod> pods, DateTime now, out DateTime? nextExpiry)
    {
        nextExpiry = null;
        var result = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        if (budget.Status?.DisruptedPods is not { Count: > 0 } recorded)
        {
            return result;
        }

        var byName = pods.ToDictionary(p => p.Metadata.Name, StringComparer.Ordinal);
        foreach (var (name, at) in recorded)
        {
            if (at is null || !byName.TryGetValue(name, out var pod) || pod.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }

            var expiry = at.Value.ToUniversalTime() + DeletionTimeout;
            if (expiry <= now)
            {
                continue;
            }

            result[name] = at.Value;
            nextExpiry = nextExpiry is null || expiry < nextExpiry ? expiry : nextExpiry;
        }

        return result;
    }

    private static string SelectorText(V1LabelSelector? selector) =>
        selector is null ? "" : string.Join(",", (selector.MatchLabels ?? new Dictionary<string, string>()).Select(kv => $"{kv.Key}={kv.Value}"));

    private static bool IsHealthy(V1Pod pod) => pod.Metadata.DeletionTimestamp is null && PodStates.IsReady(pod);

    private static V1Condition Condition(V1PodDisruptionBudgetStatus? old, int allowed, string? failure, DateTime now)
    {
        var (status, reason) = failure is not null ? ("False", "SyncFailed") : allowed > 0 ? ("True", "SufficientPods") : ("False", "InsufficientPods");
        var previous = old?.Conditions?.FirstOrDefault(c => c.Type == "DisruptionAllowed");
        return new V1Condition
        {
            Type = "DisruptionAllowed",
            Status = status,
            Reason = reason,
            Message = failure ?? "",
            LastTransitionTime = previous?.Status == status ? previous.LastTransitionTime : now,
            ObservedGeneration = null,
        };
    }

    private static bool Same(V1PodDisruptionBudgetStatus? a, V1PodDisruptionBudgetStatus b) =>
        a is not null
        && a.CurrentHealthy == b.CurrentHealthy
        && a.DesiredHealthy == b.DesiredHealthy
        && a.ExpectedPods == b.ExpectedPods
        && a.DisruptionsAllowed == b.DisruptionsAllowed
        && a.ObservedGeneration == b.ObservedGeneration
        && (a.DisruptedPods?.Count ?? 0) == (b.DisruptedPods?.Count ?? 0)
        && (b.DisruptedPods?.Keys ?? []).All(name => a.DisruptedPods!.ContainsKey(name))
        && a.Conditions?.SingleOrDefault(c => c.Type == "DisruptionAllowed") is { } c
        && c.Status == b.Conditions[0].Status && c.Reason == b.Conditions[0].Reason && (c.Message ?? "") == b.Conditions[0].Message;
}
