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
    private Informer<V1Node>? _nodes;
    private Informer<V1Lease>? _nodeLeases;
    private Informer<V1PodDisruptionBudget>? _podDisruptionBudgets;

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

    /// <summary>Every pod, indexed by namespace and by node.</summary>
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
        .AddIndexer(Indexers.NodeName, Indexers.ByNodeName));

    public Informer<V1Node> Nodes => _nodes ??= Register(new Informer<V1Node>(
        new ListWatch<V1Node>(
            async ct =>
            {
                var list = await Client.CoreV1.ListNodeAsync(cancellationToken: ct);
                return new ListResult<V1Node>([.. list.Items], list.Metadata.ResourceVersion);
            },
            (rv, onError, ct) => Client.CoreV1.WatchListNodeAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct)),
        Loggers.CreateLogger("Bosun.Controllers.Informers"),
        Time));

    /// <summary>The node heartbeats: Leases in kube-node-lease, named after their nodes.</summary>
    public Informer<V1Lease> NodeLeases => _nodeLeases ??= Register(new Informer<V1Lease>(
        new ListWatch<V1Lease>(
            async ct =>
            {
                var list = await Client.CoordinationV1.ListNamespacedLeaseAsync("kube-node-lease", cancellationToken: ct);
                return new ListResult<V1Lease>([.. list.Items], list.Metadata.ResourceVersion);
            },
            (rv, onError, ct) => Client.CoordinationV1.WatchListNamespacedLeaseAsync("kube-node-lease", allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct)),
        Loggers.CreateLogger("Bosun.Controllers.Informers"),
        Time));

    public Informer<V1PodDisruptionBudget> PodDisruptionBudgets => _podDisruptionBudgets ??= Register(new Informer<V1PodDisruptionBudget>(
        new ListWatch<V1PodDisruptionBudget>(
            async ct =>
            {
                var list = await Client.PolicyV1.ListPodDisruptionBudgetForAllNamespacesAsync(cancellationToken: ct);
                return new ListResult<V1PodDisruptionBudget>([.. list.Items], list.Metadata.ResourceVersion);
            },
            (rv, onError, ct) => Client.PolicyV1.WatchListPodDisruptionBudgetForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WatchTimeouts.NextSeconds(), onError: onError, cancellationToken: ct)),
        Loggers.CreateLogger("Bosun.Controllers.Informers"),
        Time)
        .AddIndexer(Indexers.Namespace, Indexers.ByNamespace));

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
