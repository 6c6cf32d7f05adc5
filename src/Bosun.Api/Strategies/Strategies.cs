namespace Bosun.Api.Strategies;

/// <summary>Finds the strategy of a kind; kinds without special rules get <see cref="ResourceStrategy.Default"/>.</summary>
public static class Strategies
{
    private static readonly Dictionary<(string Group, string Kind), ResourceStrategy> ByKind = new()
    {
        [("", "Pod")] = PodStrategy.Instance,
        [("", "Namespace")] = NamespaceStrategy.Instance,
        [("", "Service")] = ServiceStrategy.Instance,
        [("", "Node")] = NodeStrategy.Instance,
        [("", "Event")] = EventStrategy.Instance,
        [("", "Endpoints")] = EndpointsStrategy.Instance,
        [("", "Secret")] = SecretStrategy.Instance,
        [("", "ConfigMap")] = ConfigMapStrategy.Instance,
        [("", "PersistentVolume")] = PersistentVolumeStrategy.Instance,
        [("", "PersistentVolumeClaim")] = PersistentVolumeClaimStrategy.Instance,
        [("", "ResourceQuota")] = ResourceQuotaStrategy.Instance,
        [("", "LimitRange")] = LimitRangeStrategy.Instance,
        [("storage.k8s.io", "StorageClass")] = StorageClassStrategy.Instance,
        [("scheduling.k8s.io", "PriorityClass")] = PriorityClassStrategy.Instance,
        [("discovery.k8s.io", "EndpointSlice")] = EndpointSliceStrategy.Instance,
        [("autoscaling", "HorizontalPodAutoscaler")] = HorizontalPodAutoscalerStrategy.Instance,
        [("", "ReplicationController")] = new WorkloadStrategy("ReplicationController"),
        [("apps", "Deployment")] = new WorkloadStrategy("Deployment"),
        [("apps", "ReplicaSet")] = new WorkloadStrategy("ReplicaSet"),
        [("apps", "StatefulSet")] = new WorkloadStrategy("StatefulSet"),
        [("apps", "DaemonSet")] = new WorkloadStrategy("DaemonSet"),
        [("batch", "Job")] = new WorkloadStrategy("Job"),
        [("batch", "CronJob")] = new WorkloadStrategy("CronJob"),
        [("networking.k8s.io", "Ingress")] = IngressStrategy.Instance,
        [("networking.k8s.io", "IngressClass")] = GenerationTrackingStrategy.Instance,
        [("networking.k8s.io", "NetworkPolicy")] = GenerationTrackingStrategy.Instance,
        [("policy", "PodDisruptionBudget")] = GenerationTrackingStrategy.Instance,
        [("apiextensions.k8s.io", "CustomResourceDefinition")] = GenerationTrackingStrategy.Instance,
        [("admissionregistration.k8s.io", "MutatingWebhookConfiguration")] = GenerationTrackingStrategy.Instance,
        [("admissionregistration.k8s.io", "ValidatingWebhookConfiguration")] = GenerationTrackingStrategy.Instance,
        [("admissionregistration.k8s.io", "ValidatingAdmissionPolicy")] = GenerationTrackingStrategy.Instance,
        [("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding")] = GenerationTrackingStrategy.Instance,
        [("coordination.k8s.io", "Lease")] = AlwaysWritableStrategy.Instance,
        [("rbac.authorization.k8s.io", "Role")] = PathSegmentNameStrategy.Instance,
        [("rbac.authorization.k8s.io", "RoleBinding")] = PathSegmentNameStrategy.Instance,
        [("rbac.authorization.k8s.io", "ClusterRole")] = PathSegmentNameStrategy.Instance,
        [("rbac.authorization.k8s.io", "ClusterRoleBinding")] = PathSegmentNameStrategy.Instance,
    };

    /// <summary>The strategy for objects of <paramref name="kind"/> in <paramref name="group"/>.</summary>
    public static ResourceStrategy For(string group, string kind) =>
        ByKind.GetValueOrDefault((group, kind), ResourceStrategy.Default);
}
