using Bosun.Api.Printing.Admission;
using Bosun.Api.Printing.Cluster;
using Bosun.Api.Printing.Config;
using Bosun.Api.Printing.Networking;
using Bosun.Api.Printing.Policy;
using Bosun.Api.Printing.Storage;
using Bosun.Api.Printing.Workloads;

namespace Bosun.Api.Printing;

/// <summary>
/// Finds the table convertor of a kind: the columns kube-apiserver 1.33 prints for built-in kinds;
/// NAME/AGE for anything else (custom resources without printer columns).
/// </summary>
public static class TableConvertors
{
    private static readonly Dictionary<(string Group, string Kind), TableConvertor> ByKind = new()
    {
        [("", "ConfigMap")] = ConfigMapTableConvertor.Instance,
        [("", "Endpoints")] = EndpointsTableConvertor.Instance,
        [("", "Event")] = EventTableConvertor.Instance,
        [("", "LimitRange")] = CreatedAtTableConvertor.Instance,
        [("", "Namespace")] = NamespaceTableConvertor.Instance,
        [("", "Node")] = NodeTableConvertor.Instance,
        [("", "PersistentVolume")] = PersistentVolumeTableConvertor.Instance,
        [("", "PersistentVolumeClaim")] = PersistentVolumeClaimTableConvertor.Instance,
        [("", "Pod")] = PodTableConvertor.Instance,
        [("", "PodTemplate")] = PodTemplateTableConvertor.Instance,
        [("", "ReplicationController")] = ReplicationControllerTableConvertor.Instance,
        [("", "ResourceQuota")] = ResourceQuotaTableConvertor.Instance,
        [("", "Secret")] = SecretTableConvertor.Instance,
        [("", "Service")] = ServiceTableConvertor.Instance,
        [("", "ServiceAccount")] = ServiceAccountTableConvertor.Instance,
        [("apps", "ControllerRevision")] = ControllerRevisionTableConvertor.Instance,
        [("apps", "DaemonSet")] = DaemonSetTableConvertor.Instance,
        [("apps", "Deployment")] = DeploymentTableConvertor.Instance,
        [("apps", "ReplicaSet")] = ReplicaSetTableConvertor.Instance,
        [("apps", "StatefulSet")] = StatefulSetTableConvertor.Instance,
        [("batch", "CronJob")] = CronJobTableConvertor.Instance,
        [("batch", "Job")] = JobTableConvertor.Instance,
        [("networking.k8s.io", "Ingress")] = IngressTableConvertor.Instance,
        [("networking.k8s.io", "IngressClass")] = IngressClassTableConvertor.Instance,
        [("networking.k8s.io", "NetworkPolicy")] = NetworkPolicyTableConvertor.Instance,
        [("autoscaling", "HorizontalPodAutoscaler")] = HorizontalPodAutoscalerTableConvertor.Instance,
        [("policy", "PodDisruptionBudget")] = PodDisruptionBudgetTableConvertor.Instance,
        [("rbac.authorization.k8s.io", "ClusterRole")] = CreatedAtTableConvertor.Instance,
        [("rbac.authorization.k8s.io", "ClusterRoleBinding")] = RoleBindingTableConvertor.ClusterRoleBinding,
        [("rbac.authorization.k8s.io", "Role")] = CreatedAtTableConvertor.Instance,
        [("rbac.authorization.k8s.io", "RoleBinding")] = RoleBindingTableConvertor.RoleBinding,
        [("storage.k8s.io", "CSIDriver")] = CsiDriverTableConvertor.Instance,
        [("storage.k8s.io", "CSINode")] = CsiNodeTableConvertor.Instance,
        [("storage.k8s.io", "CSIStorageCapacity")] = CsiStorageCapacityTableConvertor.Instance,
        [("storage.k8s.io", "StorageClass")] = StorageClassTableConvertor.Instance,
        [("storage.k8s.io", "VolumeAttachment")] = VolumeAttachmentTableConvertor.Instance,
        [("admissionregistration.k8s.io", "MutatingWebhookConfiguration")] = WebhookConfigurationTableConvertor.Instance,
        [("admissionregistration.k8s.io", "ValidatingAdmissionPolicy")] = ValidatingAdmissionPolicyTableConvertor.Instance,
        [("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding")] = ValidatingAdmissionPolicyBindingTableConvertor.Instance,
        [("admissionregistration.k8s.io", "ValidatingWebhookConfiguration")] = WebhookConfigurationTableConvertor.Instance,
        [("apiextensions.k8s.io", "CustomResourceDefinition")] = CreatedAtTableConvertor.Instance,
        [("scheduling.k8s.io", "PriorityClass")] = PriorityClassTableConvertor.Instance,
        [("coordination.k8s.io", "Lease")] = LeaseTableConvertor.Instance,
        [("node.k8s.io", "RuntimeClass")] = RuntimeClassTableConvertor.Instance,
        [("discovery.k8s.io", "EndpointSlice")] = EndpointSliceTableConvertor.Instance,
    };

    /// <summary>The convertor of a kind.</summary>
    public static TableConvertor For(string group, string kind) =>
        ByKind.GetValueOrDefault((group, kind), TableConvertor.Default);
}
