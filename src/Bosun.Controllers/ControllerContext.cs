using Bosun.Client.Dynamic;
using Bosun.Client.Events;
using Bosun.Client.Informers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Bosun.Controllers;

/// <summary>
/// What controllers share during one leadership term: the client, the event recorder and the shared informers
/// (one list+watch per kind however many controllers read it).
/// </summary>
internal sealed class ControllerContext(Kubernetes client, ILoggerFactory loggers, TimeProvider time)
{
    private readonly List<Func<CancellationToken, Task>> _informers = [];
    private Informer<V1Namespace>? _namespaces;
    private Informer<V1ServiceAccount>? _serviceAccounts;
    private Informer<V1Pod>? _pods;
    private Informer<V1ReplicaSet>? _replicaSets;
    private Informer<V1ReplicationController>? _replicationControllers;
    private Informer<V1Deployment>? _deployments;

    public Kubernetes Client { get; } = client;

    public DynamicClient Dynamic { get; } = new(client);

    public ILoggerFactory Loggers { get; } = loggers;

    public TimeProvider Time { get; } = time;

    public EventRecorder Events { get; } = new(client, "kube-controller-manager", Environment.MachineName, loggers.CreateLogger<EventRecorder>(), time);

    public Informer<V1Namespace> Namespaces => _namespaces ??= Register(new Informer<V1Namespace>(
        new ListWatch<V1Namespace>(
            async ct =>
            {
                var list = await Client.CoreV1.ListNamespaceAsync(cancellationToken: ct);
                return new ListResult<V1Namespace>([.. list.Items], list.Metadata.ResourceVersion);
            },
            (rv, onError, ct) => Client.CoreV1.WatchListNamespaceAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct)),
        Loggers.CreateLogger("Bosun.Controllers.Informers"),
        Time));

    public Informer<V1ServiceAccount> ServiceAccounts => _serviceAccounts ??= Register(new Informer<V1ServiceAccount>(
        new ListWatch<V1ServiceAccount>(
            async ct =>
            {
                var list = await Client.CoreV1.ListServiceAccountForAllNamespacesAsync(cancellationToken: ct);
                return new ListResult<V1ServiceAccount>([.. list.Items], list.Metadata.ResourceVersion);
            },
            (rv, onError, ct) => Client.CoreV1.WatchListServiceAccountForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct)),
        Loggers.CreateLogger("Bosun.Controllers.Informers"),
        Time)
        .AddIndexer(Indexers.Namespace, Indexers.ByNamespace));

    /// <summary>Pods, indexed by namespace and by owner uid (workload controllers find their pods through the latter).</summary>
    public Informer<V1Pod> Pods => _pods ??= Register(new Informer<V1Pod>(
        new ListWatch<V1Pod>(
            async ct =>
            {
                var list = await Client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: ct);
                return new ListResult<V1Pod>([.. list.Items], list.Metadata.ResourceVersion);
            },
            (rv, onError, ct) => Client.CoreV1.WatchListPodForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct)),
        Loggers.CreateLogger("Bosun.Controllers.Informers"),
        Time)
        .AddIndexer(Indexers.Namespace, Indexers.ByNamespace)
        .AddIndexer(Indexers.OwnerUid, Indexers.ByOwnerUid));

    /// <summary>ReplicaSets, indexed by namespace and by owner uid (a Deployment finds its ReplicaSets through the latter).</summary>
    public Informer<V1ReplicaSet> ReplicaSets => _replicaSets ??= Register(new Informer<V1ReplicaSet>(
        new ListWatch<V1ReplicaSet>(
            async ct =>
            {
                var list = await Client.AppsV1.ListReplicaSetForAllNamespacesAsync(cancellationToken: ct);
                return new ListResult<V1ReplicaSet>([.. list.Items], list.Metadata.ResourceVersion);
            },
            (rv, onError, ct) => Client.AppsV1.WatchListReplicaSetForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct)),
        Loggers.CreateLogger("Bosun.Controllers.Informers"),
        Time)
        .AddIndexer(Indexers.Namespace, Indexers.ByNamespace)
        .AddIndexer(Indexers.OwnerUid, Indexers.ByOwnerUid));

    /// <summary>ReplicationControllers, indexed by namespace.</summary>
    public Informer<V1ReplicationController> ReplicationControllers => _replicationControllers ??= Register(new Informer<V1ReplicationController>(
        new ListWatch<V1ReplicationController>(
            async ct =>
            {
                var list = await Client.CoreV1.ListReplicationControllerForAllNamespacesAsync(cancellationToken: ct);
                return new ListResult<V1ReplicationController>([.. list.Items], list.Metadata.ResourceVersion);
            },
            (rv, onError, ct) => Client.CoreV1.WatchListReplicationControllerForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct)),
        Loggers.CreateLogger("Bosun.Controllers.Informers"),
        Time)
        .AddIndexer(Indexers.Namespace, Indexers.ByNamespace));

    /// <summary>Deployments, indexed by namespace.</summary>
    public Informer<V1Deployment> Deployments => _deployments ??= Register(new Informer<V1Deployment>(
        new ListWatch<V1Deployment>(
            async ct =>
            {
                var list = await Client.AppsV1.ListDeploymentForAllNamespacesAsync(cancellationToken: ct);
                return new ListResult<V1Deployment>([.. list.Items], list.Metadata.ResourceVersion);
            },
            (rv, onError, ct) => Client.AppsV1.WatchListDeploymentForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct)),
        Loggers.CreateLogger("Bosun.Controllers.Informers"),
        Time)
        .AddIndexer(Indexers.Namespace, Indexers.ByNamespace));

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
}
