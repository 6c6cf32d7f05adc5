using Bosun.Api.Conversion;

namespace Bosun.Api.Catalog;

/// <summary>
/// One served resource at one group/version: everything discovery, routing and storage need to know
/// about it. Behaviour (defaults, validation, status split) lives in the resource's strategy, not here.
/// </summary>
public sealed record ResourceDefinition
{
    /// <summary>The verbs every fully served resource supports.</summary>
    public static readonly IReadOnlyList<string> AllVerbs =
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary>API group; empty for the core ("legacy") group.</summary>
    public required string Group { get; init; }

    /// <summary>Version within the group, e.g. <c>v1</c>.</summary>
    public required string Version { get; init; }

    /// <summary>Kind of the objects, e.g. <c>Deployment</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>Lower-case plural used in URLs, e.g. <c>deployments</c>.</summary>
    public required string Plural { get; init; }

    /// <summary>Lower-case singular name, e.g. <c>deployment</c>.</summary>
    public required string Singular { get; init; }

    /// <summary>True for namespaced resources, false for cluster-scoped ones.</summary>
    public required bool Namespaced { get; init; }

    /// <summary>Short names kubectl accepts, e.g. <c>deploy</c>.</summary>
    public IReadOnlyList<string> ShortNames { get; init; } = [];

    /// <summary>Categories such as <c>all</c>.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Verbs served on the main resource.</summary>
    public IReadOnlyList<string> Verbs { get; init; } = AllVerbs;

    /// <summary>Subresources served (status, scale, binding, finalize, ...).</summary>
    public IReadOnlyList<SubresourceDefinition> Subresources { get; init; } = [];

    /// <summary>The KubernetesClient model type for typed views and schemas (e.g. <c>V1Deployment</c>).</summary>
    public Type? ModelType { get; init; }

    /// <summary>
    /// Storage key segment: objects live under <c>/registry/{StorageResource}/</c>. Several
    /// group/versions may share one storage resource when they are views of the same objects.
    /// </summary>
    public required string StorageResource { get; init; }

    /// <summary>
    /// Opaque hash of the version objects are stored in, as discovery's <c>storageVersionHash</c>
    /// shows it (Kubernetes: base64 of the first 8 bytes of SHA-256 of <c>group/version/kind</c> of the
    /// storage version). Null for resources that are not stored (e.g. <c>bindings</c>).
    /// </summary>
    public string? StorageVersionHash { get; init; }

    /// <summary>
    /// True for resources computed on each request from live data by a dedicated handler (metrics.k8s.io, from the
    /// node agents), never stored: no model type, no OpenAPI schema, no watch; <see cref="StorageResource"/> names
    /// the stored objects they describe.
    /// </summary>
    public bool Computed { get; init; }

    /// <summary>
    /// Set when this version is a view of objects stored in another version of the same storage
    /// resource: requests are converted to the storage version and responses back.
    /// </summary>
    public VersionConverter? Converter { get; init; }

    /// <summary>Stored bytes as this version serves them (the same bytes when no conversion is needed).</summary>
    public ReadOnlyMemory<byte> ToServed(ReadOnlyMemory<byte> stored) => Converter is null ? stored : Converter.FromStorage(stored.Span);

    /// <summary>The group whose strategy and printing apply to the stored objects.</summary>
    public string StorageGroup => Converter?.StorageGroup ?? Group;

    /// <summary><c>v1</c> for core, <c>group/version</c> otherwise.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>Kind of the list, e.g. <c>DeploymentList</c>.</summary>
    public string ListKind => Kind + "List";

    /// <summary>True when the named subresource is served.</summary>
    public bool HasSubresource(string name) => Subresources.Any(s => s.Name == name);
}
