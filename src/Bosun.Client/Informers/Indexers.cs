using k8s;
using k8s.Models;

namespace Bosun.Client.Informers;

/// <summary>The common indexers (pass to <see cref="Informer{T}.AddIndexer"/>).</summary>
public static class Indexers
{
    /// <summary>Index name: objects by metadata.namespace.</summary>
    public const string Namespace = "namespace";

    /// <summary>Index name: objects by the uid of each of their owners.</summary>
    public const string OwnerUid = "ownerUid";

    /// <summary>Index name: pods by spec.nodeName (unbound pods are not indexed).</summary>
    public const string NodeName = "nodeName";

    public static IEnumerable<string> ByNamespace<T>(T obj)
        where T : IKubernetesObject<V1ObjectMeta> =>
        obj.Metadata?.NamespaceProperty is { Length: > 0 } ns ? [ns] : [];

    public static IEnumerable<string> ByOwnerUid<T>(T obj)
        where T : IKubernetesObject<V1ObjectMeta> =>
        obj.Metadata?.OwnerReferences?.Select(o => o.Uid).Where(u => !string.IsNullOrEmpty(u)) ?? [];

    public static IEnumerable<string> ByNodeName(V1Pod pod) =>
        pod?.Spec?.NodeName is { Length: > 0 } node ? [node] : [];
}
