using K = Bosun.Api.Serialization.Protobuf.ProtoFieldKind;

namespace Bosun.Api.Serialization.Protobuf;

/// <summary>
/// Message schemas of the Kubernetes types kubectl sends as protobuf, transcribed from the field numbers and json
/// tags in k8s.io/api/&lt;group&gt;/&lt;version&gt;/generated.proto and apimachinery's meta/v1 generated.proto.
/// Only the schema is taken from there; the decoder is ours.
/// </summary>
internal static class KubernetesProtoSchemas
{
    private static readonly Dictionary<string, ProtoMessage> MessagesByName = Build();

    private static readonly Dictionary<(string ApiVersion, string Kind), string> TopLevel = new()
    {
        [("v1", "Namespace")] = "Namespace",
        [("v1", "ConfigMap")] = "ConfigMap",
        [("v1", "Secret")] = "Secret",
        [("v1", "ServiceAccount")] = "ServiceAccount",
        [("v1", "Service")] = "Service",
        [("v1", "ResourceQuota")] = "ResourceQuota",
        [("v1", "Pod")] = "Pod",
        [("apps/v1", "Deployment")] = "Deployment",
        [("batch/v1", "Job")] = "Job",
        [("batch/v1", "CronJob")] = "CronJob",
        [("rbac.authorization.k8s.io/v1", "Role")] = "Role",
        [("rbac.authorization.k8s.io/v1", "ClusterRole")] = "ClusterRole",
        [("rbac.authorization.k8s.io/v1", "RoleBinding")] = "RoleBinding",
        [("rbac.authorization.k8s.io/v1", "ClusterRoleBinding")] = "ClusterRoleBinding",
        [("scheduling.k8s.io/v1", "PriorityClass")] = "PriorityClass",
        [("policy/v1", "PodDisruptionBudget")] = "PodDisruptionBudget",
        [("networking.k8s.io/v1", "Ingress")] = "Ingress",
        [("autoscaling/v1", "HorizontalPodAutoscaler")] = "HorizontalPodAutoscalerV1",
        [("autoscaling/v2", "HorizontalPodAutoscaler")] = "HorizontalPodAutoscalerV2",
    };

    /// <summary>The schema of a top-level kind, or null when we have none.</summary>
    public static ProtoMessage? ForKind(string apiVersion, string kind) =>
        TopLevel.TryGetValue((apiVersion, kind), out var name) ? MessagesByName[name] : null;

    /// <summary>A message schema by name.</summary>
    public static ProtoMessage Message(string name) => MessagesByName[name];

    private static Dictionary<string, ProtoMessage> Build()
    {
        var m = new Dictionary<string, ProtoMessage>(StringComparer.Ordinal);
        void Add(string name, params ProtoField[] fields) => m.Add(name, new ProtoMessage(name, fields));

        // meta/v1
        Add("ObjectMeta",
            Str(1, "name"), Str(2, "generateName"), Str(3, "namespace"), Str(4, "selfLink"), Str(5, "uid"),
            Str(6, "resourceVersion"), I64(7, "generation"), Tm(8, "creationTimestamp"), Tm(9, "deletionTimestamp", pointer: true),
            I64(10, "deletionGracePeriodSeconds", pointer: true), StrMap(11, "labels"), StrMap(12, "annotations"),
            Msgs(13, "ownerReferences", "OwnerReference"), Strs(14, "finalizers"),
            Msgs(17, "managedFields", "ManagedFieldsEntry"));
        Add("OwnerReference",
            Str(5, "apiVersion"), Str(1, "kind"), Str(3, "name"), Str(4, "uid"),
            Bool(6, "controller", pointer: true), Bool(7, "blockOwnerDeletion", pointer: true));
        Add("ManagedFieldsEntry",
            Str(1, "manager"), Str(2, "operation"), Str(3, "apiVersion"), Tm(4, "time", pointer: true), Str(6, "fieldsType"),
            new ProtoField(7, "fieldsV1", K.RawJson), Str(8, "subresource"));
        Add("LabelSelector", StrMap(1, "matchLabels"), Msgs(2, "matchExpressions", "LabelSelectorRequirement"));
        Add("LabelSelectorRequirement", Str(1, "key"), Str(2, "operator"), Strs(3, "values"));
        Add("Empty");

        // core/v1: simple kinds
        Add("Namespace", Meta(), Msg(2, "spec", "NamespaceSpec"), Msg(3, "status", "Empty"));
        Add("NamespaceSpec", Strs(1, "finalizers"));
        Add("ConfigMap",
            Meta(), Bool(4, "immutable", pointer: true), StrMap(2, "data"), new ProtoField(3, "binaryData", K.BytesMap));
        Add("Secret",
            Meta(), Bool(5, "immutable", pointer: true), new ProtoField(2, "data", K.BytesMap), StrMap(4, "stringData"),
            Str(3, "type"));
        Add("ServiceAccount",
            Meta(), Msgs(2, "secrets", "ObjectReference"), Msgs(3, "imagePullSecrets", "LocalObjectReference"),
            Bool(4, "automountServiceAccountToken", pointer: true));
        Add("ObjectReference",
            Str(1, "kind"), Str(2, "namespace"), Str(3, "name"), Str(4, "uid"), Str(5, "apiVersion"),
            Str(6, "resourceVersion"), Str(7, "fieldPath"));
        Add("LocalObjectReference", Str(1, "name"));
        Add("TypedLocalObjectReference", Str(1, "apiGroup", pointer: true), Str(2, "kind"), Str(3, "name"));

        // core/v1: Service
        Add("Service", Meta(), Msg(2, "spec", "ServiceSpec"), Msg(3, "status", "Empty"));
        Add("ServiceSpec",
            Msgs(1, "ports", "ServicePort"), StrMap(2, "selector"), Str(3, "clusterIP"), Strs(18, "clusterIPs"),
            Str(4, "type"), Strs(5, "externalIPs"), Str(7, "sessionAffinity"), Str(8, "loadBalancerIP"),
            Strs(9, "loadBalancerSourceRanges"), Str(10, "externalName"), Str(11, "externalTrafficPolicy"),
            I32(12, "healthCheckNodePort"), Bool(13, "publishNotReadyAddresses"),
            Msg(14, "sessionAffinityConfig", "SessionAffinityConfig"), Strs(19, "ipFamilies"),
            Str(17, "ipFamilyPolicy", pointer: true), Bool(20, "allocateLoadBalancerNodePorts", pointer: true),
            Str(21, "loadBalancerClass", pointer: true), Str(22, "internalTrafficPolicy", pointer: true));
        Add("SessionAffinityConfig", Msg(1, "clientIP", "ClientIPConfig"));
        Add("ClientIPConfig", I32(1, "timeoutSeconds", pointer: true));
        Add("ServicePort",
            Str(1, "name"), Str(2, "protocol"), Str(6, "appProtocol", pointer: true), I32(3, "port"),
            Ios(4, "targetPort"), I32(5, "nodePort"));

        // core/v1: ResourceQuota
        Add("ResourceQuota", Meta(), Msg(2, "spec", "ResourceQuotaSpec"), Msg(3, "status", "Empty"));
        Add("ResourceQuotaSpec",
            new ProtoField(1, "hard", K.QuantityMap), Strs(2, "scopes"), Msg(3, "scopeSelector", "ScopeSelector"));
        Add("ScopeSelector", Msgs(1, "matchExpressions", "ScopedResourceSelectorRequirement"));
        Add("ScopedResourceSelectorRequirement", Str(1, "scopeName"), Str(2, "operator"), Strs(3, "values"));

        // core/v1: pods
        Add("Pod", Meta(), Msg(2, "spec", "PodSpec"), Msg(3, "status", "Empty"));
        Add("PodTemplateSpec", Meta(), Msg(2, "spec", "PodSpec"));
        Add("PodSpec",
            Msgs(1, "volumes", "Volume"), Msgs(20, "initContainers", "Container"), Msgs(2, "containers", "Container"),
            Str(3, "restartPolicy"), I64(4, "terminationGracePeriodSeconds", pointer: true),
            I64(5, "activeDeadlineSeconds", pointer: true), Str(6, "dnsPolicy"), StrMap(7, "nodeSelector"),
            Str(8, "serviceAccountName"), Str(9, "serviceAccount"), Bool(21, "automountServiceAccountToken", pointer: true),
            Str(10, "nodeName"), Bool(11, "hostNetwork"), Bool(12, "hostPID"), Bool(13, "hostIPC"),
            Bool(27, "shareProcessNamespace", pointer: true), Msg(14, "securityContext", "PodSecurityContext"),
            Msgs(15, "imagePullSecrets", "LocalObjectReference"), Str(16, "hostname"), Str(17, "subdomain"),
            Str(19, "schedulerName"), Msgs(22, "tolerations", "Toleration"), Str(24, "priorityClassName"),
            I32(25, "priority", pointer: true), Str(29, "runtimeClassName", pointer: true),
            Bool(30, "enableServiceLinks", pointer: true), Str(31, "preemptionPolicy", pointer: true),
            Bool(35, "setHostnameAsFQDN", pointer: true), Bool(37, "hostUsers", pointer: true));
        Add("Toleration",
            Str(1, "key"), Str(2, "operator"), Str(3, "value"), Str(4, "effect"),
            I64(5, "tolerationSeconds", pointer: true));
        Add("PodSecurityContext",
            I64(2, "runAsUser", pointer: true), I64(6, "runAsGroup", pointer: true), Bool(3, "runAsNonRoot", pointer: true),
            I64s(4, "supplementalGroups"), I64(5, "fsGroup", pointer: true), Str(9, "fsGroupChangePolicy", pointer: true),
            Msg(10, "seccompProfile", "SeccompProfile"));
        Add("SeccompProfile", Str(1, "type"), Str(2, "localhostProfile", pointer: true));
        Add("Volume", Str(1, "name"), Inline(2, "VolumeSource"));
        Add("VolumeSource",
            Msg(1, "hostPath", "HostPathVolumeSource"), Msg(2, "emptyDir", "EmptyDirVolumeSource"),
            Msg(6, "secret", "SecretVolumeSource"), Msg(10, "persistentVolumeClaim", "PersistentVolumeClaimVolumeSource"),
            Msg(19, "configMap", "ConfigMapVolumeSource"));
        Add("HostPathVolumeSource", Str(1, "path"), Str(2, "type", pointer: true));
        Add("EmptyDirVolumeSource", Str(1, "medium"), Qty(2, "sizeLimit"));
        Add("SecretVolumeSource",
            Str(1, "secretName"), Msgs(2, "items", "KeyToPath"), I32(3, "defaultMode", pointer: true),
            Bool(4, "optional", pointer: true));
        Add("ConfigMapVolumeSource",
            Inline(1, "LocalObjectReference"), Msgs(2, "items", "KeyToPath"), I32(3, "defaultMode", pointer: true),
            Bool(4, "optional", pointer: true));
        Add("PersistentVolumeClaimVolumeSource", Str(1, "claimName"), Bool(2, "readOnly"));
        Add("KeyToPath", Str(1, "key"), Str(2, "path"), I32(3, "mode", pointer: true));
        Add("Container",
            Str(1, "name"), Str(2, "image"), Strs(3, "command"), Strs(4, "args"), Str(5, "workingDir"),
            Msgs(6, "ports", "ContainerPort"), Msgs(19, "envFrom", "EnvFromSource"), Msgs(7, "env", "EnvVar"),
            Msg(8, "resources", "ResourceRequirements"), Str(24, "restartPolicy", pointer: true),
            Msgs(9, "volumeMounts", "VolumeMount"), Msg(10, "livenessProbe", "Probe"),
            Msg(11, "readinessProbe", "Probe"), Msg(22, "startupProbe", "Probe"),
            Str(13, "terminationMessagePath"), Str(20, "terminationMessagePolicy"), Str(14, "imagePullPolicy"),
            Msg(15, "securityContext", "SecurityContext"), Bool(16, "stdin"), Bool(17, "stdinOnce"), Bool(18, "tty"));
        Add("ContainerPort",
            Str(1, "name"), I32(2, "hostPort"), I32(3, "containerPort"), Str(4, "protocol"), Str(5, "hostIP"));
        Add("EnvVar", Str(1, "name"), Str(2, "value"), Msg(3, "valueFrom", "EnvVarSource"));
        Add("EnvVarSource",
            Msg(1, "fieldRef", "ObjectFieldSelector"), Msg(2, "resourceFieldRef", "ResourceFieldSelector"),
            Msg(3, "configMapKeyRef", "KeySelector"), Msg(4, "secretKeyRef", "KeySelector"));
        Add("ObjectFieldSelector", Str(1, "apiVersion"), Str(2, "fieldPath"));
        Add("ResourceFieldSelector", Str(1, "containerName"), Str(2, "resource"), Qty(3, "divisor"));

        // ConfigMapKeySelector and SecretKeySelector share this layout.
        Add("KeySelector", Inline(1, "LocalObjectReference"), Str(2, "key"), Bool(3, "optional", pointer: true));
        Add("EnvFromSource",
            Str(1, "prefix"), Msg(2, "configMapRef", "EnvSource"), Msg(3, "secretRef", "EnvSource"));

        // ConfigMapEnvSource and SecretEnvSource share this layout.
        Add("EnvSource", Inline(1, "LocalObjectReference"), Bool(2, "optional", pointer: true));
        Add("ResourceRequirements",
            new ProtoField(1, "limits", K.QuantityMap), new ProtoField(2, "requests", K.QuantityMap),
            Msgs(3, "claims", "ResourceClaim"));
        Add("ResourceClaim", Str(1, "name"), Str(2, "request"));
        Add("VolumeMount",
            Str(1, "name"), Bool(2, "readOnly"), Str(7, "recursiveReadOnly", pointer: true), Str(3, "mountPath"),
            Str(4, "subPath"), Str(5, "mountPropagation", pointer: true), Str(6, "subPathExpr"));
        Add("Probe",
            Inline(1, "ProbeHandler"), I32(2, "initialDelaySeconds"), I32(3, "timeoutSeconds"), I32(4, "periodSeconds"),
            I32(5, "successThreshold"), I32(6, "failureThreshold"),
            I64(7, "terminationGracePeriodSeconds", pointer: true));
        Add("ProbeHandler",
            Msg(1, "exec", "ExecAction"), Msg(2, "httpGet", "HTTPGetAction"), Msg(3, "tcpSocket", "TCPSocketAction"),
            Msg(4, "grpc", "GRPCAction"));
        Add("ExecAction", Strs(1, "command"));
        Add("HTTPGetAction",
            Str(1, "path"), Ios(2, "port"), Str(3, "host"), Str(4, "scheme"), Msgs(5, "httpHeaders", "HTTPHeader"));
        Add("HTTPHeader", Str(1, "name"), Str(2, "value"));
        Add("TCPSocketAction", Ios(1, "port"), Str(2, "host"));
        Add("GRPCAction", I32(1, "port"), Str(2, "service", pointer: true));
        Add("SecurityContext",
            Msg(1, "capabilities", "Capabilities"), Bool(2, "privileged", pointer: true),
            I64(4, "runAsUser", pointer: true), I64(8, "runAsGroup", pointer: true),
            Bool(5, "runAsNonRoot", pointer: true), Bool(6, "readOnlyRootFilesystem", pointer: true),
            Bool(7, "allowPrivilegeEscalation", pointer: true), Str(9, "procMount", pointer: true),
            Msg(11, "seccompProfile", "SeccompProfile"));
        Add("Capabilities", Strs(1, "add"), Strs(2, "drop"));

        // apps/v1
        // autoscaling/v1 and v2 (kubectl autoscale; field numbers from autoscaling/v{1,2}/generated.proto)
        Add("HorizontalPodAutoscalerV1", Meta(), Msg(2, "spec", "HorizontalPodAutoscalerSpecV1"), Msg(3, "status", "Empty"));
        Add("HorizontalPodAutoscalerSpecV1",
            Msg(1, "scaleTargetRef", "CrossVersionObjectReference"), I32(2, "minReplicas", pointer: true), I32(3, "maxReplicas"),
            I32(4, "targetCPUUtilizationPercentage", pointer: true));
        Add("CrossVersionObjectReference", Str(1, "kind"), Str(2, "name"), Str(3, "apiVersion"));
        Add("HorizontalPodAutoscalerV2", Meta(), Msg(2, "spec", "HorizontalPodAutoscalerSpecV2"), Msg(3, "status", "Empty"));
        Add("HorizontalPodAutoscalerSpecV2",
            Msg(1, "scaleTargetRef", "CrossVersionObjectReference"), I32(2, "minReplicas", pointer: true), I32(3, "maxReplicas"),
            Msgs(4, "metrics", "MetricSpec"), Msg(5, "behavior", "HorizontalPodAutoscalerBehavior"));
        Add("MetricSpec",
            Str(1, "type"), Msg(2, "object", "ObjectMetricSource"), Msg(3, "pods", "PodsMetricSource"),
            Msg(4, "resource", "ResourceMetricSource"), Msg(7, "containerResource", "ContainerResourceMetricSource"),
            Msg(5, "external", "ExternalMetricSource"));
        Add("ObjectMetricSource",
            Msg(1, "describedObject", "CrossVersionObjectReference"), Msg(2, "target", "MetricTarget"), Msg(3, "metric", "MetricIdentifier"));
        Add("PodsMetricSource", Msg(1, "metric", "MetricIdentifier"), Msg(2, "target", "MetricTarget"));
        Add("ResourceMetricSource", Str(1, "name"), Msg(2, "target", "MetricTarget"));
        Add("ContainerResourceMetricSource", Str(1, "name"), Msg(2, "target", "MetricTarget"), Str(3, "container"));
        Add("ExternalMetricSource", Msg(1, "metric", "MetricIdentifier"), Msg(2, "target", "MetricTarget"));
        Add("MetricIdentifier", Str(1, "name"), Msg(2, "selector", "LabelSelector"));
        Add("MetricTarget", Str(1, "type"), Qty(2, "value"), Qty(3, "averageValue"), I32(4, "averageUtilization", pointer: true));
        Add("HorizontalPodAutoscalerBehavior", Msg(1, "scaleUp", "HPAScalingRules"), Msg(2, "scaleDown", "HPAScalingRules"));
        Add("HPAScalingRules",
            I32(3, "stabilizationWindowSeconds", pointer: true), Str(1, "selectPolicy", pointer: true), Msgs(2, "policies", "HPAScalingPolicy"));
        Add("HPAScalingPolicy", Str(1, "type"), I32(2, "value"), I32(3, "periodSeconds"));

        Add("Deployment", Meta(), Msg(2, "spec", "DeploymentSpec"), Msg(3, "status", "Empty"));
        Add("DeploymentSpec",
            I32(1, "replicas", pointer: true), Msg(2, "selector", "LabelSelector"), Msg(3, "template", "PodTemplateSpec"),
            Msg(4, "strategy", "DeploymentStrategy"), I32(5, "minReadySeconds"),
            I32(6, "revisionHistoryLimit", pointer: true), Bool(7, "paused"),
            I32(9, "progressDeadlineSeconds", pointer: true));
        Add("DeploymentStrategy", Str(1, "type"), Msg(2, "rollingUpdate", "RollingUpdateDeployment"));
        Add("RollingUpdateDeployment", Ios(1, "maxUnavailable", pointer: true), Ios(2, "maxSurge", pointer: true));

        // batch/v1
        Add("Job", Meta(), Msg(2, "spec", "JobSpec"), Msg(3, "status", "Empty"));
        Add("JobSpec",
            I32(1, "parallelism", pointer: true), I32(2, "completions", pointer: true),
            I64(3, "activeDeadlineSeconds", pointer: true), I32(7, "backoffLimit", pointer: true),
            I32(12, "backoffLimitPerIndex", pointer: true), I32(13, "maxFailedIndexes", pointer: true),
            Msg(4, "selector", "LabelSelector"), Bool(5, "manualSelector", pointer: true),
            Msg(6, "template", "PodTemplateSpec"), I32(8, "ttlSecondsAfterFinished", pointer: true),
            Str(9, "completionMode", pointer: true), Bool(10, "suspend", pointer: true),
            Str(14, "podReplacementPolicy", pointer: true), Str(15, "managedBy", pointer: true));
        Add("CronJob", Meta(), Msg(2, "spec", "CronJobSpec"), Msg(3, "status", "Empty"));
        Add("CronJobSpec",
            Str(1, "schedule"), Str(8, "timeZone", pointer: true), I64(2, "startingDeadlineSeconds", pointer: true),
            Str(3, "concurrencyPolicy"), Bool(4, "suspend", pointer: true), Msg(5, "jobTemplate", "JobTemplateSpec"),
            I32(6, "successfulJobsHistoryLimit", pointer: true), I32(7, "failedJobsHistoryLimit", pointer: true));
        Add("JobTemplateSpec", Meta(), Msg(2, "spec", "JobSpec"));

        // rbac.authorization.k8s.io/v1
        Add("Role", Meta(), Msgs(2, "rules", "PolicyRule"));
        Add("ClusterRole", Meta(), Msgs(2, "rules", "PolicyRule"), Msg(3, "aggregationRule", "AggregationRule"));
        Add("AggregationRule", Msgs(1, "clusterRoleSelectors", "LabelSelector"));
        Add("PolicyRule",
            Strs(1, "verbs"), Strs(2, "apiGroups"), Strs(3, "resources"), Strs(4, "resourceNames"),
            Strs(5, "nonResourceURLs"));
        Add("RoleBinding", Meta(), Msgs(2, "subjects", "Subject"), Msg(3, "roleRef", "RoleRef"));
        Add("ClusterRoleBinding", Meta(), Msgs(2, "subjects", "Subject"), Msg(3, "roleRef", "RoleRef"));
        Add("Subject", Str(1, "kind"), Str(2, "apiGroup"), Str(3, "name"), Str(4, "namespace"));
        Add("RoleRef", Str(1, "apiGroup"), Str(2, "kind"), Str(3, "name"));

        // scheduling.k8s.io/v1: value has no omitempty, so 0 is kept.
        Add("PriorityClass",
            Meta(), I32(2, "value", pointer: true), Bool(3, "globalDefault"), Str(4, "description"),
            Str(5, "preemptionPolicy", pointer: true));

        // policy/v1
        Add("PodDisruptionBudget", Meta(), Msg(2, "spec", "PodDisruptionBudgetSpec"), Msg(3, "status", "Empty"));
        Add("PodDisruptionBudgetSpec",
            Ios(1, "minAvailable", pointer: true), Msg(2, "selector", "LabelSelector"),
            Ios(3, "maxUnavailable", pointer: true), Str(4, "unhealthyPodEvictionPolicy", pointer: true));

        // networking.k8s.io/v1
        Add("Ingress", Meta(), Msg(2, "spec", "IngressSpec"), Msg(3, "status", "Empty"));
        Add("IngressSpec",
            Str(4, "ingressClassName", pointer: true), Msg(1, "defaultBackend", "IngressBackend"),
            Msgs(2, "tls", "IngressTLS"), Msgs(3, "rules", "IngressRule"));
        Add("IngressTLS", Strs(1, "hosts"), Str(2, "secretName"));
        Add("IngressRule", Str(1, "host"), Inline(2, "IngressRuleValue"));
        Add("IngressRuleValue", Msg(1, "http", "HTTPIngressRuleValue"));
        Add("HTTPIngressRuleValue", Msgs(1, "paths", "HTTPIngressPath"));
        Add("HTTPIngressPath", Str(1, "path"), Str(3, "pathType", pointer: true), Msg(2, "backend", "IngressBackend"));
        Add("IngressBackend",
            Msg(4, "service", "IngressServiceBackend"), Msg(3, "resource", "TypedLocalObjectReference"));
        Add("IngressServiceBackend", Str(1, "name"), Msg(2, "port", "ServiceBackendPort"));
        Add("ServiceBackendPort", Str(1, "name"), I32(2, "number"));

        return m;
    }

    private static ProtoField Meta() => new(1, "metadata", K.Message, "ObjectMeta");

    private static ProtoField Str(int number, string name, bool pointer = false) => new(number, name, K.String, Pointer: pointer);

    private static ProtoField Strs(int number, string name) => new(number, name, K.String, Repeated: true);

    private static ProtoField Bool(int number, string name, bool pointer = false) => new(number, name, K.Bool, Pointer: pointer);

    private static ProtoField I32(int number, string name, bool pointer = false) => new(number, name, K.Int32, Pointer: pointer);

    private static ProtoField I64(int number, string name, bool pointer = false) => new(number, name, K.Int64, Pointer: pointer);

    private static ProtoField I64s(int number, string name) => new(number, name, K.Int64, Repeated: true);

    private static ProtoField Tm(int number, string name, bool pointer = false) => new(number, name, K.Time, Pointer: pointer);

    private static ProtoField Qty(int number, string name) => new(number, name, K.Quantity, Pointer: true);

    private static ProtoField Ios(int number, string name, bool pointer = false) =>
        new(number, name, K.IntOrString, Pointer: pointer);

    private static ProtoField StrMap(int number, string name) => new(number, name, K.StringMap);

    private static ProtoField Msg(int number, string name, string message) => new(number, name, K.Message, message);

    private static ProtoField Msgs(int number, string name, string message) =>
        new(number, name, K.Message, message, Repeated: true);

    private static ProtoField Inline(int number, string message) => new(number, "", K.Inline, message);
}
