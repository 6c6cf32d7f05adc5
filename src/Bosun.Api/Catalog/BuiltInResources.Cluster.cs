using Bosun.Api.Conversion;
using k8s.Models;

namespace Bosun.Api.Catalog;

public static partial class BuiltInResources
{
    private static IEnumerable<ResourceDefinition> Events()
    {
        // The same objects as core v1 events, under other field names, as in Kubernetes.
        var events = Stored("events.k8s.io", "v1", "events", "event", "Event", true, typeof(Eventsv1Event), shortNames: ["ev"]);
        yield return events with
        {
            Converter = EventsV1Converter.Instance,
            StorageResource = "events",
            StorageVersionHash = ComputeStorageVersionHash("", "v1", "Event"),
        };
    }

    private static IEnumerable<ResourceDefinition> Networking()
    {
        const string g = "networking.k8s.io";
        const string v = "v1";
        yield return Stored(g, v, "ingressclasses", "ingressclass", "IngressClass", false, typeof(V1IngressClass));
        yield return Stored(g, v, "ingresses", "ingress", "Ingress", true, typeof(V1Ingress),
            shortNames: ["ing"], subresources: [Status(g, v, "Ingress")]);

        // NetworkPolicy lost its status subresource in Kubernetes 1.24.
        yield return Stored(g, v, "networkpolicies", "networkpolicy", "NetworkPolicy", true, typeof(V1NetworkPolicy), shortNames: ["netpol"]);
    }

    private static IEnumerable<ResourceDefinition> Rbac()
    {
        const string g = "rbac.authorization.k8s.io";
        const string v = "v1";
        yield return Stored(g, v, "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false, typeof(V1ClusterRoleBinding));
        yield return Stored(g, v, "clusterroles", "clusterrole", "ClusterRole", false, typeof(V1ClusterRole));
        yield return Stored(g, v, "rolebindings", "rolebinding", "RoleBinding", true, typeof(V1RoleBinding));
        yield return Stored(g, v, "roles", "role", "Role", true, typeof(V1Role));
    }

    private static IEnumerable<ResourceDefinition> Storage()
    {
        const string g = "storage.k8s.io";
        const string v = "v1";
        yield return Stored(g, v, "csidrivers", "csidriver", "CSIDriver", false, typeof(V1CSIDriver));
        yield return Stored(g, v, "csinodes", "csinode", "CSINode", false, typeof(V1CSINode));
        yield return Stored(g, v, "csistoragecapacities", "csistoragecapacity", "CSIStorageCapacity", true, typeof(V1CSIStorageCapacity));
        yield return Stored(g, v, "storageclasses", "storageclass", "StorageClass", false, typeof(V1StorageClass), shortNames: ["sc"]);
        yield return Stored(g, v, "volumeattachments", "volumeattachment", "VolumeAttachment", false, typeof(V1VolumeAttachment),
            subresources: [Status(g, v, "VolumeAttachment")]);
    }

    private static IEnumerable<ResourceDefinition> Scheduling()
    {
        yield return Stored("scheduling.k8s.io", "v1", "priorityclasses", "priorityclass", "PriorityClass", false, typeof(V1PriorityClass), shortNames: ["pc"]);
    }

    private static IEnumerable<ResourceDefinition> Coordination()
    {
        yield return Stored("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, typeof(V1Lease));
    }

    private static IEnumerable<ResourceDefinition> Node()
    {
        yield return Stored("node.k8s.io", "v1", "runtimeclasses", "runtimeclass", "RuntimeClass", false, typeof(V1RuntimeClass));
    }

    private static IEnumerable<ResourceDefinition> Discovery()
    {
        yield return Stored("discovery.k8s.io", "v1", "endpointslices", "endpointslice", "EndpointSlice", true, typeof(V1EndpointSlice));
    }
}
