using System.Net;
using Bosun.Client.Informers;
using Bosun.Controllers.Workloads;
using k8s;
using k8s.Models;

namespace Bosun.Controllers.ReplicaSet;

/// <summary>core/v1 ReplicationControllers for the replica controller (a map selector instead of a label selector).</summary>
internal sealed class ReplicationControllerKind(ControllerContext context) : IReplicatedKind<V1ReplicationController>
{
    public string ControllerName => "replicationcontroller";

    public string EventComponent => "replication-controller";

    public string ApiVersion => "v1";

    public string Kind => "ReplicationController";

    public Informer<V1ReplicationController> Informer => context.ReplicationControllers;

    public int Replicas(V1ReplicationController obj) => obj.Spec.Replicas ?? 1;

    public int MinReadySeconds(V1ReplicationController obj) => obj.Spec.MinReadySeconds ?? 0;

    public bool Selects(V1ReplicationController obj, IDictionary<string, string>? labels) => LabelSelectors.MatchesMap(obj.Spec.Selector, labels);

    public V1PodTemplateSpec? Template(V1ReplicationController obj) => obj.Spec.Template;

    public ReplicaStatus Status(V1ReplicationController obj)
    {
        var s = obj.Status;
        var failure = s?.Conditions?.FirstOrDefault(c => c.Type == "ReplicaFailure" && c.Status == "True");
        return new ReplicaStatus(
            s?.Replicas ?? 0, s?.FullyLabeledReplicas ?? 0, s?.ReadyReplicas ?? 0, s?.AvailableReplicas ?? 0, s?.ObservedGeneration ?? 0,
            failure is null ? null : new ReplicaFailure(failure.Reason, failure.Message, failure.LastTransitionTime ?? default));
    }

    public async Task<V1ReplicationController?> ReadAsync(string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await context.Client.CoreV1.ReadNamespacedReplicationControllerAsync(name, ns, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound))
        {
            return null;
        }
    }

    public Task<V1ReplicationController> WriteStatusAsync(V1ReplicationController obj, ReplicaStatus status, CancellationToken cancellationToken)
    {
        var body = new V1ReplicationController
        {
            ApiVersion = ApiVersion,
            Kind = Kind,
            Metadata = obj.Metadata,
            Spec = obj.Spec,
            Status = new V1ReplicationControllerStatus
            {
                Replicas = status.Replicas,
                FullyLabeledReplicas = status.FullyLabeledReplicas,
                ReadyReplicas = status.ReadyReplicas,
                AvailableReplicas = status.AvailableReplicas,
                ObservedGeneration = status.ObservedGeneration,
                Conditions = status.Failure is { } f
                    ? [new V1ReplicationControllerCondition { Type = "ReplicaFailure", Status = "True", Reason = f.Reason, Message = f.Message, LastTransitionTime = f.LastTransitionTime }]
                    : null,
            },
        };
        return context.Client.CoreV1.ReplaceNamespacedReplicationControllerStatusAsync(body, obj.Metadata.Name, obj.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
    }
}
