using System.Net;
using Bosun.Client.Informers;
using Bosun.Controllers.Workloads;
using k8s;
using k8s.Models;

namespace Bosun.Controllers.ReplicaSet;

/// <summary>apps/v1 ReplicaSets for the replica controller.</summary>
internal sealed class ReplicaSetKind(ControllerContext context) : IReplicatedKind<V1ReplicaSet>
{
    public string ControllerName => "replicaset";

    public string EventComponent => "replicaset-controller";

    public string ApiVersion => "apps/v1";

    public string Kind => "ReplicaSet";

    public Informer<V1ReplicaSet> Informer => context.ReplicaSets;

    public int Replicas(V1ReplicaSet obj) => obj.Spec.Replicas ?? 1;

    public int MinReadySeconds(V1ReplicaSet obj) => obj.Spec.MinReadySeconds ?? 0;

    public bool Selects(V1ReplicaSet obj, IDictionary<string, string>? labels) =>
        !LabelSelectors.IsEmpty(obj.Spec.Selector) && LabelSelectors.Matches(obj.Spec.Selector, labels);

    public V1PodTemplateSpec? Template(V1ReplicaSet obj) => obj.Spec.Template;

    public ReplicaStatus Status(V1ReplicaSet obj)
    {
        var s = obj.Status;
        var failure = s?.Conditions?.FirstOrDefault(c => c.Type == "ReplicaFailure" && c.Status == "True");
        return new ReplicaStatus(
            s?.Replicas ?? 0, s?.FullyLabeledReplicas ?? 0, s?.ReadyReplicas ?? 0, s?.AvailableReplicas ?? 0, s?.ObservedGeneration ?? 0,
            failure is null ? null : new ReplicaFailure(failure.Reason, failure.Message, failure.LastTransitionTime ?? default));
    }

    public async Task<V1ReplicaSet?> ReadAsync(string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await context.Client.AppsV1.ReadNamespacedReplicaSetAsync(name, ns, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound))
        {
            return null;
        }
    }

    public Task<V1ReplicaSet> WriteStatusAsync(V1ReplicaSet obj, ReplicaStatus status, CancellationToken cancellationToken)
    {
        // A new object around the cached metadata and spec: the cache's instances are never changed.
        var body = new V1ReplicaSet
        {
            ApiVersion = ApiVersion,
            Kind = Kind,
            Metadata = obj.Metadata,
            Spec = obj.Spec,
            Status = new V1ReplicaSetStatus
            {
                Replicas = status.Replicas,
                FullyLabeledReplicas = status.FullyLabeledReplicas,
                ReadyReplicas = status.ReadyReplicas,
                AvailableReplicas = status.AvailableReplicas,
                ObservedGeneration = status.ObservedGeneration,
                Conditions = status.Failure is { } f
                    ? [new V1ReplicaSetCondition { Type = "ReplicaFailure", Status = "True", Reason = f.Reason, Message = f.Message, LastTransitionTime = f.LastTransitionTime }]
                    : null,
            },
        };
        return context.Client.AppsV1.ReplaceNamespacedReplicaSetStatusAsync(body, obj.Metadata.Name, obj.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
    }
}
