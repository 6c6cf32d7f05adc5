using Bosun.Client.Dynamic;
using Bosun.Client.Events;
using Bosun.Client.Informers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Bosun.Controllers;

/// <summary>
/// What controllers share during one leadership term: the client, the event recorders and the shared informers
/// (one list+watch per kind however many controllers read it; built on first use, so a kind no controller reads is
/// never watched).
/// </summary>
internal sealed class ControllerContext(Kubernetes client, ILoggerFactory loggers, TimeProvider time)
{
    private const string LeaseNamespace = "kube-node-lease";

    private readonly List<Func<CancellationToken, Task>> _informers = [];
    private Informer<V1Namespace>? _namespaces;
    private Informer<V1ServiceAccount>? _serviceAccounts;
    private Informer<V1Pod>? _pods;
    private Informer<V1ReplicaSet>? _replicaSets;
    private Informer<V1ReplicationController>? _replicationControllers;
    private Informer<V1Deployment>? _deployments;
    private Informer<V1Node>? _nodes;
    private Informer<V1Lease>? _nodeLeases;
    private Informer<V1PodDisruptionBudget>? _podDisruptionBudgets;

    public Kubernetes Client { get; } = client;

    public DynamicClient Dynamic { get; } = new(client);

    public ILoggerFactory Loggers { get; } = loggers;

    public TimeProvider Time { get; } = time;

    public EventRecorder Events { get; } = new(client, "kube-controller-manager", Environment.MachineName, loggers.CreateLogger<EventRecorder>(), time);

    public Informer<V1Namespace> Namespaces => _namespaces ??= Shared(
        ct => Client.CoreV1.ListNamespaceAsync(cancellationToken: ct),
        (rv, onError, ct) => Client.CoreV1.WatchListNamespaceAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct));

    public Informer<V1ServiceAccount> ServiceAccounts => _serviceAccounts ??= Shared(
        ct => Client.CoreV1.ListServiceAccountForAllNamespacesAsync(cancellationToken: ct),
        (rv, onError, ct) => Client.CoreV1.WatchListServiceAccountForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct))
        .AddIndexer(Indexers.Namespace, Indexers.ByNamespace);

    /// <summary>
    /// Every pod, indexed by namespace, by owner uid (workload controllers find their pods through it) and by node.
    /// </summary>
    public Informer<V1Pod> Pods => _pods ??= Shared(
        ct => Client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: ct),
        (rv, onError, ct) => Client.CoreV1.WatchListPodForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct))
        .AddIndexer(Indexers.Namespace, Indexers.ByNamespace)
        .AddIndexer(Indexers.OwnerUid, Indexers.ByOwnerUid)
        .AddIndexer(Indexers.NodeName, Indexers.ByNodeName);

    /// <summary>ReplicaSets, indexed by namespace and by owner uid (a Deployment finds its ReplicaSets through the latter).</summary>
    public Informer<V1ReplicaSet> ReplicaSets => _replicaSets ??= Shared(
        ct => Client.AppsV1.ListReplicaSetForAllNamespacesAsync(cancellationToken: ct),
        (rv, onError, ct) => Client.AppsV1.WatchListReplicaSetForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct))
        .AddIndexer(Indexers.Namespace, Indexers.ByNamespace)
        .AddIndexer(Indexers.OwnerUid, Indexers.ByOwnerUid);

    public Informer<V1ReplicationController> ReplicationControllers => _replicationControllers ??= Shared(
        ct => Client.CoreV1.ListReplicationControllerForAllNamespacesAsync(cancellationToken: ct),
        (rv, onError, ct) => Client.CoreV1.WatchListReplicationControllerForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct))
        .AddIndexer(Indexers.Namespace, Indexers.ByNamespace);

    public Informer<V1Deployment> Deployments => _deployments ??= Shared(
        ct => Client.AppsV1.ListDeploymentForAllNamespacesAsync(cancellationToken: ct),
        (rv, onError, ct) => Client.AppsV1.WatchListDeploymentForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct))
        .AddIndexer(Indexers.Namespace, Indexers.ByNamespace);

    public Informer<V1Node> Nodes => _nodes ??= Shared(
        ct => Client.CoreV1.ListNodeAsync(cancellationToken: ct),
        (rv, onError, ct) => Client.CoreV1.WatchListNodeAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct));

    /// <summary>The node heartbeats: Leases in kube-node-lease, named after their nodes.</summary>
    public Informer<V1Lease> NodeLeases => _nodeLeases ??= Shared(
        ct => Client.CoordinationV1.ListNamespacedLeaseAsync(LeaseNamespace, cancellationToken: ct),
        (rv, onError, ct) => Client.CoordinationV1.WatchListNamespacedLeaseAsync(LeaseNamespace, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct));

    public Informer<V1PodDisruptionBudget> PodDisruptionBudgets => _podDisruptionBudgets ??= Shared(
        ct => Client.PolicyV1.ListPodDisruptionBudgetForAllNamespacesAsync(cancellationToken: ct),
        (rv, onError, ct) => Client.PolicyV1.WatchListPodDisruptionBudgetForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct))
        .AddIndexer(Indexers.Namespace, Indexers.ByNamespace);

    /// <summary>
    /// An event recorder reporting as <paramref name="component"/> (upstream controllers each have their own source,
    /// e.g. "replicaset-controller"); it writes while <see cref="RunInformersAsync"/> runs.
    /// </summary>
    public EventRecorder RecorderFor(string component)
    {
        var recorder = new EventRecorder(Client, component, Environment.MachineName, Loggers.CreateLogger<EventRecorder>(), Time);
        lock (_informers)
        {
            _informers.Add(recorder.RunAsync);
        }

        return recorder;
    }

    /// <summary>Adds an informer to those <see cref="RunInformersAsync"/> starts.</summary>
    public Informer<T> Register<T>(Informer<T> informer)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        lock (_informers)
        {
            _informers.Add(informer.RunAsync);
        }

        return informer;
    }

    /// <summary>Runs every registered informer and the event recorder until cancelled.</summary>
    public Task RunInformersAsync(CancellationToken cancellationToken)
    {
        Func<CancellationToken, Task>[] runs;
        lock (_informers)
        {
            runs = [.. _informers];
        }

        return Task.WhenAll([.. runs.Select(run => Task.Run(() => run(cancellationToken), CancellationToken.None)), Events.RunAsync(cancellationToken)]);
    }

    /// <summary>A registered informer over one typed list and watch call of the official client.</summary>
    private Informer<T> Shared<T, TList>(
        Func<CancellationToken, Task<TList>> list,
        Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : IItems<T>, IMetadata<V1ListMeta> =>
        Register(new Informer<T>(
            new ListWatch<T>(
                async ct =>
                {
                    var items = await list(ct);
                    return new ListResult<T>([.. items.Items], items.Metadata.ResourceVersion);
                },
                watch),
            Loggers.CreateLogger("Bosun.Controllers.Informers"),
            Time));
}
