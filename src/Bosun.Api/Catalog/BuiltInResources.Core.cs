using k8s.Models;

namespace Bosun.Api.Catalog;

public static partial class BuiltInResources
{
    // componentstatuses (get, list) is deliberately not served: it is deprecated and needs a
    // handler that probes components rather than storage.
    private static IEnumerable<ResourceDefinition> Core()
    {
        const string g = "";
        const string v = "v1";

        // bindings has no storage of its own: creating a Binding sets spec.nodeName of the pod it
        // names, so it works on pod objects. It is not listed or watched, hence no storage hash.
        yield return new ResourceDefinition
        {
            Group = g,
            Version = v,
            Plural = "bindings",
            Singular = "binding",
            Kind = "Binding",
            Namespaced = true,
            ModelType = typeof(V1Binding),
            Verbs = ["create"],
            StorageResource = "pods",
        };
        yield return Stored(g, v, "configmaps", "configmap", "ConfigMap", true, typeof(V1ConfigMap), shortNames: ["cm"]);
        yield return Stored(g, v, "endpoints", "endpoints", "Endpoints", true, typeof(V1Endpoints), shortNames: ["ep"]);
        yield return Stored(g, v, "events", "event", "Event", true, typeof(Corev1Event), shortNames: ["ev"]);
        yield return Stored(g, v, "limitranges", "limitrange", "LimitRange", true, typeof(V1LimitRange), shortNames: ["limits"]);

        // Namespaces cannot be deleted as a collection (Kubernetes does not offer it either).
        var namespaces = Stored(g, v, "namespaces", "namespace", "Namespace", false, typeof(V1Namespace),
            shortNames: ["ns"],
            subresources: [new SubresourceDefinition("finalize", g, v, "Namespace", ["update"]), Status(g, v, "Namespace")]);
        yield return namespaces with { Verbs = ["create", "delete", "get", "list", "patch", "update", "watch"] };
        yield return Stored(g, v, "nodes", "node", "Node", false, typeof(V1Node),
            shortNames: ["no"], subresources: [Status(g, v, "Node")]);
        yield return Stored(g, v, "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, typeof(V1PersistentVolumeClaim),
            shortNames: ["pvc"], subresources: [Status(g, v, "PersistentVolumeClaim")]);
        yield return Stored(g, v, "persistentvolumes", "persistentvolume", "PersistentVolume", false, typeof(V1PersistentVolume),
            shortNames: ["pv"], subresources: [Status(g, v, "PersistentVolume")]);
        yield return Stored(g, v, "pods", "pod", "Pod", true, typeof(V1Pod),
            shortNames: ["po"], categories: ["all"],
            subresources:
            [
                // attach, exec and portforward are connect subresources: GET and POST both upgrade, hence the
                // verbs create and get, with the options kinds upstream discovery names; log is a GET of Pod.
                new SubresourceDefinition("attach", g, v, "PodAttachOptions", ["create", "get"]),
                new SubresourceDefinition("binding", g, v, "Binding", ["create"]),
                new SubresourceDefinition("eviction", "policy", "v1", "Eviction", ["create"]),
                new SubresourceDefinition("exec", g, v, "PodExecOptions", ["create", "get"]),
                new SubresourceDefinition("log", g, v, "Pod", ["get"]),
                new SubresourceDefinition("portforward", g, v, "PodPortForwardOptions", ["create", "get"]),
                Status(g, v, "Pod"),
            ]);
        yield return Stored(g, v, "podtemplates", "podtemplate", "PodTemplate", true, typeof(V1PodTemplate));
        yield return Stored(g, v, "replicationcontrollers", "replicationcontroller", "ReplicationController", true, typeof(V1ReplicationController),
            shortNames: ["rc"], categories: ["all"], subresources: [Scale(), Status(g, v, "ReplicationController")]);
        yield return Stored(g, v, "resourcequotas", "resourcequota", "ResourceQuota", true, typeof(V1ResourceQuota),
            shortNames: ["quota"], subresources: [Status(g, v, "ResourceQuota")]);
        yield return Stored(g, v, "secrets", "secret", "Secret", true, typeof(V1Secret));
        yield return Stored(g, v, "serviceaccounts", "serviceaccount", "ServiceAccount", true, typeof(V1ServiceAccount), shortNames: ["sa"]);
        yield return Stored(g, v, "services", "service", "Service", true, typeof(V1Service),
            shortNames: ["svc"], categories: ["all"], subresources: [Status(g, v, "Service")]);
    }
}
