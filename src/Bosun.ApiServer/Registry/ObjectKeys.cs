using Bosun.Api.Catalog;

namespace Bosun.ApiServer.Registry;

/// <summary>
/// Store keys: <c>/&lt;storage resource&gt;/[&lt;namespace&gt;/]&lt;name&gt;</c>. On etcd they sit under the
/// <c>--etcd-prefix</c> (default <c>/registry</c>), which gives kube-apiserver's layout.
/// </summary>
public static class ObjectKeys
{
    /// <summary>The prefix holding every object of the resource.</summary>
    public static string ResourcePrefix(ResourceDefinition resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return $"/{resource.StorageResource}/";
    }

    /// <summary>The prefix of one namespace's objects (or all of them when <paramref name="ns"/> is empty).</summary>
    public static string ListPrefix(ResourceDefinition resource, string ns) =>
        ns.Length == 0 || !resource.Namespaced ? ResourcePrefix(resource) : $"{ResourcePrefix(resource)}{ns}/";

    /// <summary>The key of one object.</summary>
    public static string Key(ResourceDefinition resource, string ns, string name) =>
        resource.Namespaced ? $"{ResourcePrefix(resource)}{ns}/{name}" : $"{ResourcePrefix(resource)}{name}";
}
