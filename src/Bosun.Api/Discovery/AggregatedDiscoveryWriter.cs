using System.Text.Json;
using Bosun.Api.Catalog;

namespace Bosun.Api.Discovery;

/// <summary>
/// Writes aggregated discovery (<c>apidiscovery.k8s.io</c> APIGroupDiscoveryList, v2 or v2beta1; the
/// two are the same shape) with fields in Go struct order, as a Kubernetes API server does.
/// </summary>
internal static class AggregatedDiscoveryWriter
{
    /// <summary>
    /// The list for <c>/api</c> (only the core group) or <c>/apis</c> (every other group, in
    /// discovery order).
    /// </summary>
    public static byte[] GroupDiscoveryList(ResourceCatalog catalog, bool legacyRoot, string apiVersion) => DiscoveryJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("kind", "APIGroupDiscoveryList");
        w.WriteString("apiVersion", apiVersion);
        w.WriteStartObject("metadata");
        w.WriteEndObject();
        w.WriteStartArray("items");
        foreach (var group in catalog.Groups.Where(g => (g.Length == 0) == legacyRoot))
        {
            WriteGroup(w, catalog, group);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void WriteGroup(Utf8JsonWriter w, ResourceCatalog catalog, string group)
    {
        w.WriteStartObject();
        w.WriteStartObject("metadata");
        if (group.Length > 0)
        {
            w.WriteString("name", group);
        }

        // ObjectMeta's creationTimestamp is not omitempty in Go: Kubernetes writes it as null.
        w.WriteNull("creationTimestamp");
        w.WriteEndObject();
        w.WriteStartArray("versions");
        foreach (var version in catalog.VersionsOf(group))
        {
            w.WriteStartObject();
            w.WriteString("version", version);
            w.WriteStartArray("resources");
            foreach (var resource in DiscoveryJson.SortedResources(catalog, group, version))
            {
                WriteResource(w, resource);
            }

            w.WriteEndArray();
            w.WriteString("freshness", "Current");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteResource(Utf8JsonWriter w, ResourceDefinition resource)
    {
        w.WriteStartObject();
        w.WriteString("resource", resource.Plural);

        // Group and version are empty when the kind is the resource's own group/version.
        WriteResponseKind(w, string.Empty, string.Empty, resource.Kind);
        w.WriteString("scope", resource.Namespaced ? "Namespaced" : "Cluster");
        w.WriteString("singularResource", resource.Singular);
        DiscoveryJson.WriteStrings(w, "verbs", DiscoveryJson.SortedVerbs(resource.Verbs));
        if (resource.ShortNames.Count > 0)
        {
            DiscoveryJson.WriteStrings(w, "shortNames", resource.ShortNames);
        }

        if (resource.Categories.Count > 0)
        {
            DiscoveryJson.WriteStrings(w, "categories", resource.Categories);
        }

        if (resource.Subresources.Count > 0)
        {
            w.WriteStartArray("subresources");
            foreach (var sub in resource.Subresources.OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("subresource", sub.Name);
                var sameGroupVersion = sub.Group == resource.Group && sub.Version == resource.Version;
                WriteResponseKind(w, sameGroupVersion ? string.Empty : sub.Group, sameGroupVersion ? string.Empty : sub.Version, sub.Kind);
                DiscoveryJson.WriteStrings(w, "verbs", DiscoveryJson.SortedVerbs(sub.Verbs));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void WriteResponseKind(Utf8JsonWriter w, string group, string version, string kind)
    {
        w.WriteStartObject("responseKind");
        w.WriteString("group", group);
        w.WriteString("version", version);
        w.WriteString("kind", kind);
        w.WriteEndObject();
    }
}
