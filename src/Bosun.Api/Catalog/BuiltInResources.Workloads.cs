using Bosun.Api.Conversion;
using k8s.Models;

namespace Bosun.Api.Catalog;

public static partial class BuiltInResources
{
    private static IEnumerable<ResourceDefinition> Apps()
    {
        const string g = "apps";
        const string v = "v1";
        yield return Stored(g, v, "controllerrevisions", "controllerrevision", "ControllerRevision", true, typeof(V1ControllerRevision));
        yield return Stored(g, v, "daemonsets", "daemonset", "DaemonSet", true, typeof(V1DaemonSet),
            shortNames: ["ds"], categories: ["all"], subresources: [Status(g, v, "DaemonSet")]);
        yield return Stored(g, v, "deployments", "deployment", "Deployment", true, typeof(V1Deployment),
            shortNames: ["deploy"], categories: ["all"], subresources: [Scale(), Status(g, v, "Deployment")]);
        yield return Stored(g, v, "replicasets", "replicaset", "ReplicaSet", true, typeof(V1ReplicaSet),
            shortNames: ["rs"], categories: ["all"], subresources: [Scale(), Status(g, v, "ReplicaSet")]);
        yield return Stored(g, v, "statefulsets", "statefulset", "StatefulSet", true, typeof(V1StatefulSet),
            shortNames: ["sts"], categories: ["all"], subresources: [Scale(), Status(g, v, "StatefulSet")]);
    }

    private static IEnumerable<ResourceDefinition> Autoscaling()
    {
        const string g = "autoscaling";
        const string kind = "HorizontalPodAutoscaler";
        yield return Stored(g, "v2", "horizontalpodautoscalers", "horizontalpodautoscaler", kind, true, typeof(V2HorizontalPodAutoscaler),
            shortNames: ["hpa"], categories: ["all"], subresources: [Status(g, "v2", kind)]);

        // v1 is a view of the v2 objects, as in Kubernetes.
        var v1 = Stored(g, "v1", "horizontalpodautoscalers", "horizontalpodautoscaler", kind, true, typeof(V1HorizontalPodAutoscaler),
            shortNames: ["hpa"], categories: ["all"], subresources: [Status(g, "v1", kind)]);
        yield return v1 with
        {
            Converter = HorizontalPodAutoscalerV1Converter.Instance,
            StorageVersionHash = ComputeStorageVersionHash(g, "v2", kind),
        };
    }

    private static IEnumerable<ResourceDefinition> Batch()
    {
        const string g = "batch";
        const string v = "v1";
        yield return Stored(g, v, "cronjobs", "cronjob", "CronJob", true, typeof(V1CronJob),
            shortNames: ["cj"], categories: ["all"], subresources: [Status(g, v, "CronJob")]);
        yield return Stored(g, v, "jobs", "job", "Job", true, typeof(V1Job),
            categories: ["all"], subresources: [Status(g, v, "Job")]);
    }

    private static IEnumerable<ResourceDefinition> Policy()
    {
        const string g = "policy";
        const string v = "v1";
        yield return Stored(g, v, "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true, typeof(V1PodDisruptionBudget),
            shortNames: ["pdb"], subresources: [Status(g, v, "PodDisruptionBudget")]);
    }
}
