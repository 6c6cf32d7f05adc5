using System.Text.RegularExpressions;
using Bosun.Api.Catalog;
using k8s.Models;

namespace Bosun.Api.OpenApi;

/// <summary>
/// Names model types the way Kubernetes names its OpenAPI definitions
/// (<c>io.k8s.api.core.v1.Pod</c>, <c>io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta</c>).
/// </summary>
/// <remarks>
/// The C# type name gives the version and the Kubernetes type name (<c>V1PodSpec</c>,
/// <c>Eventsv1EventSeries</c>); the Go package is not in it. Meta types are listed explicitly; any
/// other type belongs to the first group, in discovery order, whose kinds reach it. The core group
/// comes first, so shared types such as PodTemplateSpec land in <c>core</c> as in Kubernetes.
/// </remarks>
internal sealed partial class SchemaNames
{
    private const string MetaPrefix = "io.k8s.apimachinery.pkg.apis.meta.";

    private static readonly HashSet<Type> MetaTypes =
    [
        typeof(V1ObjectMeta), typeof(V1ListMeta), typeof(V1LabelSelector), typeof(V1LabelSelectorRequirement),
        typeof(V1OwnerReference), typeof(V1ManagedFieldsEntry), typeof(V1Condition), typeof(V1Status),
        typeof(V1StatusDetails), typeof(V1StatusCause), typeof(V1DeleteOptions), typeof(V1Preconditions),
        typeof(V1APIResource), typeof(V1APIResourceList), typeof(V1APIGroup), typeof(V1APIGroupList),
        typeof(V1APIVersions), typeof(V1GroupVersionForDiscovery), typeof(V1ServerAddressByClientCIDR),
        typeof(V1WatchEvent), typeof(V1ShardInfo),
    ];

    private readonly Dictionary<Type, string> _names = [];

    private SchemaNames()
    {
    }

    /// <summary>Assigns a name to every model type reachable from the catalog's kinds.</summary>
    public static SchemaNames ForCatalog(ResourceCatalog catalog)
    {
        var names = new SchemaNames();
        foreach (var type in MetaTypes)
        {
            names._names[type] = MetaPrefix + VersionAndName(type);
        }

        foreach (var group in catalog.Groups)
        {
            foreach (var version in catalog.VersionsOf(group))
            {
                foreach (var resource in catalog.InGroupVersion(group, version))
                {
                    if (resource.ModelType is { } model)
                    {
                        names.Assign(model, group);
                    }
                }
            }
        }

        // Subresource kinds (autoscaling/v1 Scale) belong to their own group.
        foreach (var resource in catalog.All)
        {
            foreach (var sub in resource.Subresources)
            {
                if (SubresourceModels.Find(sub.Group, sub.Version, sub.Kind) is { } model)
                {
                    names.Assign(model, sub.Group);
                }
            }
        }

        return names;
    }

    /// <summary>The definition name of a model type (assigning one from its C# name if none yet).</summary>
    public string NameOf(Type type)
    {
        if (!_names.TryGetValue(type, out var name))
        {
            name = _names[type] = $"io.k8s.api.core.{VersionAndName(type)}";
        }

        return name;
    }

    /// <summary>The name for <c>{Kind}List</c> next to a kind's definition name.</summary>
    public static string ListNameOf(string kindName) => kindName + "List";

    /// <summary>The Go package segment Kubernetes uses for a group: its first label, or <c>core</c>.</summary>
    public static string PackageOf(string group) => group.Length == 0 ? "core" : group.Split('.')[0];

    /// <summary>
    /// The definition name prefix of a group/version: <c>io.k8s.api.apps.v1</c>;
    /// apiextensions types live in the apiextensions-apiserver module.
    /// </summary>
    public static string PrefixOf(string group, string version) => group == "apiextensions.k8s.io"
        ? $"io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.{version}"
        : $"io.k8s.api.{PackageOf(group)}.{version}";

    private static string VersionAndName(Type type)
    {
        var match = TypeNamePattern().Match(type.Name);
        return match.Success
            ? $"v{match.Groups["major"].Value}{match.Groups["stability"].Value}.{match.Groups["name"].Value}"
            : $"v1.{type.Name}";
    }

    private void Assign(Type root, string group)
    {
        var pending = new Stack<Type>([root]);
        while (pending.TryPop(out var type))
        {
            if (_names.ContainsKey(type))
            {
                continue;
            }

            var match = TypeNamePattern().Match(type.Name);
            var version = match.Success ? $"v{match.Groups["major"].Value}{match.Groups["stability"].Value}" : "v1";
            var name = match.Success ? match.Groups["name"].Value : type.Name;
            _names[type] = $"{PrefixOf(group, version)}.{name}";
            foreach (var referenced in ModelTypes.Referenced(type))
            {
                pending.Push(referenced);
            }
        }
    }

    // V1PodSpec, V2beta1Foo, Corev1Event, Admissionregistrationv1ServiceReference.
    [GeneratedRegex("^(?:[A-Z][a-z]+)?[Vv](?<major>[0-9]+)(?<stability>(?:alpha|beta)[0-9]+)?(?<name>[A-Z].*)$")]
    private static partial Regex TypeNamePattern();
}
