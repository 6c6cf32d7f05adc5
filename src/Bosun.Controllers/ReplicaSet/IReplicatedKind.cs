using Bosun.Client.Informers;
using k8s;
using k8s.Models;

namespace Bosun.Controllers.ReplicaSet;

/// <summary>
/// What the replica controller needs of the kind it manages: ReplicaSets and ReplicationControllers share one
/// control loop (as upstream, which runs the ReplicaSet code over converted ReplicationControllers) and differ only here.
/// </summary>
internal interface IReplicatedKind<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>kube-controller-manager's controller name.</summary>
    string ControllerName { get; }

    /// <summary>The event source component.</summary>
    string EventComponent { get; }

    string ApiVersion { get; }

    string Kind { get; }

    Informer<T> Informer { get; }

    int Replicas(T obj);

    int MinReadySeconds(T obj);

    /// <summary>True when the object's selector selects <paramref name="labels"/>.</summary>
    bool Selects(T obj, IDictionary<string, string>? labels);

    V1PodTemplateSpec? Template(T obj);

    ReplicaStatus Status(T obj);

    /// <summary>A live read (not the cache); null when not found.</summary>
    Task<T?> ReadAsync(string ns, string name, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="status"/> through the status subresource (optimistic on resourceVersion).</summary>
    Task<T> WriteStatusAsync(T obj, ReplicaStatus status, CancellationToken cancellationToken);
}
