using System.Collections.Frozen;

namespace Bosun.Api.Patching;

/// <summary>
/// Strategic-merge metadata of the built-in kinds, taken from the <c>patchStrategy</c>/<c>patchMergeKey</c>
/// tags of k8s.io/api (core/v1, apps/v1, batch/v1, autoscaling/v2, policy/v1, storage/v1) and
/// k8s.io/apimachinery meta/v1.
/// </summary>
/// <remarks>
/// Each Go struct that matters is described once (<c>PodSpec</c> serves Pod, PodTemplate and every
/// workload template); the per-kind tables are flattened from those descriptions into field paths such
/// as <c>spec.template.spec.containers</c> (list elements share their list's path). Fields without a
/// tag need no entry: maps merge and lists are replaced.
/// </remarks>
internal static class PatchMergeSchema
{
    // A field of a described type: Strategy is "merge", "merge,retainKeys", "retainKeys", "replace" or null.
    private sealed record Field(string Name, string? Strategy, string? Key, string? Type, string[]? ApplyKeys = null);

    private static Field Struct(string name, string type) => new(name, null, null, type);

    private static Field MergeList(string name, string key, string? type = null) => new(name, "merge", key, type);

    // A merge list whose server-side-apply keys (+listMapKey) are more than its patchMergeKey.
    private static Field MergeList(string name, string key, string[] applyKeys) => new(name, "merge", key, null, applyKeys);

    private static Field MergeRetainList(string name, string key) => new(name, "merge,retainKeys", key, null);

    private static Field PrimitiveSet(string name) => new(name, "merge", null, null);

    private static readonly FrozenDictionary<string, Field[]> Types = new Dictionary<string, Field[]>
    {
        ["ObjectMeta"] = [PrimitiveSet("finalizers"), MergeList("ownerReferences", "uid")],
        ["PodTemplateSpec"] = [Struct("metadata", "ObjectMeta"), Struct("spec", "PodSpec")],
        ["PodSpec"] =
        [
            MergeRetainList("volumes", "name"),
            MergeList("initContainers", "name", "Container"),
            MergeList("containers", "name", "Container"),
            MergeList("ephemeralContainers", "name", "Container"),
            MergeList("imagePullSecrets", "name"),
            MergeList("hostAliases", "ip"),
            MergeList("topologySpreadConstraints", "topologyKey", ["topologyKey", "whenUnsatisfiable"]),
            MergeList("schedulingGates", "name"),
            MergeRetainList("resourceClaims", "name"),
        ],
        ["Container"] =
        [
            MergeList("ports", "containerPort", ["containerPort", "protocol"]),
            MergeList("env", "name"),
            MergeList("volumeMounts", "mountPath"),
            MergeList("volumeDevices", "devicePath"),
        ],
        ["PodStatus"] =
        [
            MergeList("conditions", "type"),
            MergeList("podIPs", "ip"),
            MergeList("hostIPs", "ip"),
            MergeRetainList("resourceClaimStatuses", "name"),
        ],
        ["ConditionsStatus"] = [MergeList("conditions", "type")],
        ["ServiceSpec"] = [MergeList("ports", "port", ["port", "protocol"])],
        ["NodeSpec"] = [PrimitiveSet("podCIDRs")],
        ["NodeStatus"] = [MergeList("conditions", "type"), MergeList("addresses", "type")],
        ["TemplateSpec"] = [Struct("template", "PodTemplateSpec")],
        ["DeploymentSpec"] = [Struct("template", "PodTemplateSpec"), new Field("strategy", "retainKeys", null, null)],
        ["CronJobSpec"] = [Struct("jobTemplate", "JobTemplateSpec")],
        ["JobTemplateSpec"] = [Struct("metadata", "ObjectMeta"), Struct("spec", "TemplateSpec")],
        ["CSINodeSpec"] = [MergeList("drivers", "name")],
        ["Pod"] = [Struct("spec", "PodSpec"), Struct("status", "PodStatus")],
        ["PodTemplate"] = [Struct("template", "PodTemplateSpec")],
        ["ReplicationController"] = [Struct("spec", "TemplateSpec"), Struct("status", "ConditionsStatus")],
        ["Service"] = [Struct("spec", "ServiceSpec"), Struct("status", "ConditionsStatus")],
        ["Node"] = [Struct("spec", "NodeSpec"), Struct("status", "NodeStatus")],
        ["WithStatusConditions"] = [Struct("status", "ConditionsStatus")],
        ["ServiceAccount"] = [MergeList("secrets", "name")],
        ["ComponentStatus"] = [MergeList("conditions", "type")],
        ["Deployment"] = [Struct("spec", "DeploymentSpec"), Struct("status", "ConditionsStatus")],
        ["Workload"] = [Struct("spec", "TemplateSpec"), Struct("status", "ConditionsStatus")],
        ["CronJob"] = [Struct("spec", "CronJobSpec")],
        ["CSINode"] = [Struct("spec", "CSINodeSpec")],
    }.ToFrozenDictionary();

    // The built-in kinds by API group; the value names the description of the kind's own fields.
    private static readonly FrozenDictionary<(string Group, string Kind), string?> Kinds = BuildKinds();

    private static readonly FrozenDictionary<(string Group, string Kind), FrozenDictionary<string, PatchMeta>> Tables =
        Kinds.ToFrozenDictionary(k => k.Key, k => Flatten(k.Value));

    private static FrozenDictionary<(string, string), string?> BuildKinds()
    {
        var kinds = new Dictionary<(string, string), string?>();
        void Add(string group, string? description, params string[] names)
        {
            foreach (var name in names)
            {
                kinds[(group, name)] = description ?? (Types.ContainsKey(name) ? name : null);
            }
        }

        Add(string.Empty, null, "Pod", "PodTemplate", "ReplicationController", "Service", "Node", "ServiceAccount", "ComponentStatus");
        Add(string.Empty, "WithStatusConditions", "Namespace", "PersistentVolumeClaim");
        Add(string.Empty, null, "Binding", "ConfigMap", "Endpoints", "Event", "LimitRange", "PersistentVolume", "ResourceQuota", "Secret");
        Add("apps", null, "Deployment", "ControllerRevision");
        Add("apps", "Workload", "ReplicaSet", "StatefulSet", "DaemonSet");
        Add("batch", "Workload", "Job");
        Add("batch", null, "CronJob");
        Add("autoscaling", "WithStatusConditions", "HorizontalPodAutoscaler");
        Add("autoscaling", null, "Scale");
        Add("policy", "WithStatusConditions", "PodDisruptionBudget");
        Add("policy", null, "Eviction");
        Add("storage.k8s.io", null, "CSINode", "CSIDriver", "CSIStorageCapacity", "StorageClass", "VolumeAttachment", "VolumeAttributesClass");
        Add("networking.k8s.io", null, "Ingress", "IngressClass", "NetworkPolicy", "IPAddress", "ServiceCIDR");
        Add("rbac.authorization.k8s.io", null, "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");
        Add("coordination.k8s.io", null, "Lease", "LeaseCandidate");
        Add("discovery.k8s.io", null, "EndpointSlice");
        Add("events.k8s.io", null, "Event");
        Add("scheduling.k8s.io", null, "PriorityClass");
        Add("node.k8s.io", null, "RuntimeClass");
        Add("certificates.k8s.io", null, "CertificateSigningRequest", "ClusterTrustBundle");
        Add(
            "admissionregistration.k8s.io",
            null,
            "MutatingWebhookConfiguration",
            "ValidatingWebhookConfiguration",
            "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding",
            "MutatingAdmissionPolicy",
            "MutatingAdmissionPolicyBinding");
        Add("apiextensions.k8s.io", null, "CustomResourceDefinition");
        Add("apiregistration.k8s.io", null, "APIService");
        Add("flowcontrol.apiserver.k8s.io", null, "FlowSchema", "PriorityLevelConfiguration");
        Add("resource.k8s.io", null, "DeviceClass", "ResourceClaim", "ResourceClaimTemplate", "ResourceSlice", "DeviceTaintRule");
        Add("storagemigration.k8s.io", null, "StorageVersionMigration");
        Add("internal.apiserver.k8s.io", null, "StorageVersion");
        Add("authentication.k8s.io", null, "TokenReview", "SelfSubjectReview");
        Add(
            "authorization.k8s.io",
            null,
            "LocalSubjectAccessReview",
            "SelfSubjectAccessReview",
            "SelfSubjectRulesReview",
            "SubjectAccessReview");
        return kinds.ToFrozenDictionary();
    }

    private static FrozenDictionary<string, PatchMeta> Flatten(string? description)
    {
        var table = new Dictionary<string, PatchMeta>();
        Walk(table, string.Empty, "ObjectMeta", "metadata");
        if (description is not null)
        {
            Walk(table, string.Empty, description, null);
        }

        return table.ToFrozenDictionary();
    }

    private static void Walk(Dictionary<string, PatchMeta> table, string prefix, string type, string? asField)
    {
        if (asField is not null)
        {
            prefix = Join(prefix, asField);
        }

        foreach (var field in Types[type])
        {
            var path = Join(prefix, field.Name);
            if (field.Strategy is not null)
            {
                var strategies = field.Strategy.Split(',');
                table[path] = new PatchMeta(
                    strategies.Contains("merge"),
                    strategies.Contains("replace"),
                    strategies.Contains("retainKeys"),
                    field.Key,
                    field.ApplyKeys);
            }

            if (field.Type is not null)
            {
                Walk(table, path, field.Type, null);
            }
        }
    }

    /// <summary>Appends a field name to a path (<c>""</c> is the object's root).</summary>
    public static string Join(string path, string field) => path.Length == 0 ? field : path + "." + field;

    /// <summary>True for a kind served by kube-apiserver itself (not a custom resource).</summary>
    public static bool IsBuiltIn(string group, string kind) => Kinds.ContainsKey((group, kind));

    /// <summary>The field table of a built-in kind, or null for anything else.</summary>
    public static IReadOnlyDictionary<string, PatchMeta>? TableFor(string group, string kind) =>
        Tables.GetValueOrDefault((group, kind));
}
