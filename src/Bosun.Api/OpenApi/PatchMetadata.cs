using k8s.Models;

namespace Bosun.Api.OpenApi;

/// <summary>
/// Strategic-merge-patch metadata (<c>x-kubernetes-patch-strategy</c>,
/// <c>x-kubernetes-patch-merge-key</c>) of the built-in types, from the <c>patchStrategy</c> and
/// <c>patchMergeKey</c> tags of Kubernetes 1.33's Go types.
/// </summary>
/// <remarks>
/// kubectl (1.27+) computes <c>apply</c> patches from the OpenAPI v3 schema when the kind's PATCH
/// operation accepts <c>application/strategic-merge-patch+json</c>. A list the schema does not mark
/// as merged is treated as atomic, so without these entries kubectl would send whole lists and a
/// server that merges by key would never drop removed items (containers, env vars, ports).
/// </remarks>
internal static class PatchMetadata
{
    private static readonly Dictionary<(Type Type, string Property), (string Strategy, string? MergeKey)> Entries = new()
    {
        [(typeof(V1ObjectMeta), "finalizers")] = ("merge", null),
        [(typeof(V1ObjectMeta), "ownerReferences")] = ("merge", "uid"),

        [(typeof(V1PodSpec), "volumes")] = ("merge,retainKeys", "name"),
        [(typeof(V1PodSpec), "initContainers")] = ("merge", "name"),
        [(typeof(V1PodSpec), "containers")] = ("merge", "name"),
        [(typeof(V1PodSpec), "ephemeralContainers")] = ("merge", "name"),
        [(typeof(V1PodSpec), "imagePullSecrets")] = ("merge", "name"),
        [(typeof(V1PodSpec), "hostAliases")] = ("merge", "ip"),
        [(typeof(V1PodSpec), "topologySpreadConstraints")] = ("merge", "topologyKey"),
        [(typeof(V1PodSpec), "schedulingGates")] = ("merge", "name"),
        [(typeof(V1PodSpec), "resourceClaims")] = ("merge,retainKeys", "name"),
        [(typeof(V1Container), "ports")] = ("merge", "containerPort"),
        [(typeof(V1Container), "env")] = ("merge", "name"),
        [(typeof(V1Container), "volumeMounts")] = ("merge", "mountPath"),
        [(typeof(V1Container), "volumeDevices")] = ("merge", "devicePath"),
        [(typeof(V1EphemeralContainer), "env")] = ("merge", "name"),
        [(typeof(V1EphemeralContainer), "volumeMounts")] = ("merge", "mountPath"),
        [(typeof(V1EphemeralContainer), "volumeDevices")] = ("merge", "devicePath"),
        [(typeof(V1PodStatus), "conditions")] = ("merge", "type"),
        [(typeof(V1PodStatus), "podIPs")] = ("merge", "ip"),
        [(typeof(V1PodStatus), "hostIPs")] = ("merge", "ip"),
        [(typeof(V1PodStatus), "resourceClaimStatuses")] = ("merge,retainKeys", "name"),
        [(typeof(V1NodeSpec), "podCIDRs")] = ("merge", null),
        [(typeof(V1NodeStatus), "conditions")] = ("merge", "type"),
        [(typeof(V1NodeStatus), "addresses")] = ("merge", "type"),
        [(typeof(V1ServiceSpec), "ports")] = ("merge", "port"),
        [(typeof(V1ServiceStatus), "conditions")] = ("merge", "type"),
        [(typeof(V1NamespaceStatus), "conditions")] = ("merge", "type"),
        [(typeof(V1PersistentVolumeClaimStatus), "conditions")] = ("merge", "type"),
        [(typeof(V1ReplicationControllerStatus), "conditions")] = ("merge", "type"),
        [(typeof(V1ServiceAccount), "secrets")] = ("merge", "name"),

        [(typeof(V1DeploymentSpec), "strategy")] = ("retainKeys", null),
        [(typeof(V1DeploymentStatus), "conditions")] = ("merge", "type"),
        [(typeof(V1ReplicaSetStatus), "conditions")] = ("merge", "type"),
        [(typeof(V1StatefulSetStatus), "conditions")] = ("merge", "type"),
        [(typeof(V1DaemonSetStatus), "conditions")] = ("merge", "type"),
        [(typeof(V1JobStatus), "conditions")] = ("merge", "type"),
        [(typeof(V2HorizontalPodAutoscalerStatus), "conditions")] = ("merge", "type"),
        [(typeof(V1PodDisruptionBudgetStatus), "conditions")] = ("merge", "type"),
        [(typeof(V1MutatingWebhookConfiguration), "webhooks")] = ("merge", "name"),
        [(typeof(V1ValidatingWebhookConfiguration), "webhooks")] = ("merge", "name"),
        [(typeof(V1CSINodeSpec), "drivers")] = ("merge", "name"),
    };

    /// <summary>The patch strategy and merge key of a property, when Kubernetes declares one.</summary>
    public static (string Strategy, string? MergeKey)? Find(Type declaringType, string jsonName) =>
        Entries.TryGetValue((declaringType, jsonName), out var entry) ? entry : null;

    /// <summary>Every entry, for tests.</summary>
    public static IEnumerable<(Type Type, string Property)> Keys => Entries.Keys;
}
