using System.Text.Json;
using Bosun.Api.Catalog;

namespace Bosun.Api.Discovery;

/// <summary>
/// Writes unaggregated discovery (meta/v1 APIVersions, APIGroupList, APIGroup, APIResourceList) with
/// fields in the order a Kubernetes API server (Go struct order) writes them.
/// </summary>
internal static class LegacyDiscoveryWriter
{
    /// <summary><c>/api</c>: <c>{"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[...]}</c>.</summary>
    public static byte[] ApiVersions(ResourceCatalog catalog, string serverAddress) => DiscoveryJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("kind", "APIVersions");
        DiscoveryJson.WriteStrings(w, "versions", catalog.VersionsOf(string.Empty));
        w.WriteStartArray("serverAddressByClientCIDRs");
        w.WriteStartObject();
        w.WriteString("clientCIDR", "0.0.0.0/0");
        w.WriteString("serverAddress", serverAddress);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary><c>/apis</c>: every non-core group with its versions and preferred version.</summary>
    public static byte[] ApiGroupList(ResourceCatalog catalog) => DiscoveryJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("kind", "APIGroupList");
        w.WriteString("apiVersion", "v1");
        w.WriteStartArray("groups");
        foreach (var group in catalog.Groups.Where(g => g.Length > 0))
        {
            w.WriteStartObject();
            WriteGroupBody(w, catalog, group);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary><c>/apis/{group}</c>: one APIGroup.</summary>
    public static byte[] ApiGroup(ResourceCatalog catalog, string group) => DiscoveryJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("kind", "APIGroup");
        w.WriteString("apiVersion", "v1");
        WriteGroupBody(w, catalog, group);
        w.WriteEndObject();
    });

    /// <summary>
    /// <c>/api/v1</c> or <c>/apis/{group}/{version}</c>: every resource and subresource, sorted by
    /// name. Like Kubernetes, the core list carries no apiVersion.
    /// </summary>
    public static byte[] ApiResourceList(ResourceCatalog catalog, string group, string version) => DiscoveryJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("kind", "APIResourceList");
        if (group.Length > 0)
        {
            w.WriteString("apiVersion", "v1");
        }

        w.WriteString("groupVersion", DiscoveryJson.GroupVersion(group, version));
        w.WriteStartArray("resources");
        var entries = new List<(string Name, ResourceDefinition Resource, SubresourceDefinition? Subresource)>();
        foreach (var resource in catalog.InGroupVersion(group, version))
        {
            entries.Add((resource.Plural, resource, null));
            foreach (var sub in resource.Subresources)
            {
                entries.Add(($"{resource.Plural}/{sub.Name}", resource, sub));
            }
        }

        foreach (var (name, resource, sub) in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (sub is null)
            {
                WriteResource(w, resource);
            }
            else
            {
                WriteSubresource(w, name, resource, sub);
            }
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void WriteGroupBody(Utf8JsonWriter w, ResourceCatalog catalog, string group)
    {
        w.WriteString("name", group);
        w.WriteStartArray("versions");
        foreach (var version in catalog.VersionsOf(group))
        {
            WriteGroupVersion(w, group, version);
        }

        w.WriteEndArray();
        w.WritePropertyName("preferredVersion");
        WriteGroupVersion(w, group, catalog.PreferredVersion(group)!);
    }

    private static void WriteGroupVersion(Utf8JsonWriter w, string group, string version)
    {
        w.WriteStartObject();
        w.WriteString("groupVersion", DiscoveryJson.GroupVersion(group, version));
        w.WriteString("version", version);
        w.WriteEndObject();
    }

    private static void WriteResource(Utf8JsonWriter w, ResourceDefinition resource)
    {
        w.WriteStartObject();
        w.WriteString("name", resource.Plural);
        w.WriteString("singularName", resource.Singular);
        w.WriteBoolean("namespaced", resource.Namespaced);
        w.WriteString("kind", resource.Kind);
        DiscoveryJson.WriteStrings(w, "verbs", DiscoveryJson.SortedVerbs(resource.Verbs));
        if (resource.ShortNames.Count > 0)
        {
            DiscoveryJson.WriteStrings(w, "shortNames", resource.ShortNames);
        }

        if (resource.Categories.Count > 0)
        {
            DiscoveryJson.WriteStrings(w, "categories", resource.Categories);
        }

        if (resource.StorageVersionHash is { } hash)
        {
            w.WriteString("storageVersionHash", hash);
        }

        w.WriteEndObject();
    }

    private static void WriteSubresource(Utf8JsonWriter w, string name, ResourceDefinition parent, SubresourceDefinition sub)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("singularName", string.Empty);
        w.WriteBoolean("namespaced", parent.Namespaced);

        // group and version appear only when the subresource speaks another group/version's kind
        // (scale: autoscaling/v1 Scale).
        if (sub.Group != parent.Group || sub.Version != parent.Version)
        {
            if (sub.Group.Length > 0)
            {
                w.WriteString("group", sub.Group);
            }

            w.WriteString("version", sub.Version);
        }

        w.WriteString("kind", sub.Kind);
        DiscoveryJson.WriteStrings(w, "verbs", DiscoveryJson.SortedVerbs(sub.Verbs));
        w.WriteEndObject();
    }
}
