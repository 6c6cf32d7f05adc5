using k8s;
using k8s.Models;

namespace Bosun.Client.Informers;

/// <summary>Cache keys: "namespace/name", or "name" for cluster-scoped objects (client-go's MetaNamespaceKeyFunc).</summary>
public static class ObjectKey
{
    /// <summary>The key of <paramref name="obj"/>.</summary>
    public static string Of(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return For(obj.Metadata?.NamespaceProperty, obj.Metadata?.Name ?? "");
    }

    /// <summary>The key for a namespace (null or empty when cluster-scoped) and a name.</summary>
    public static string For(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";
}
