using System.Security.Cryptography;
using System.Text;

namespace Bosun.Api.Catalog;

/// <summary>
/// The built-in resources Bosun serves, described as a Kubernetes 1.33 API server's discovery shows
/// them (names, scope, kinds, short names, categories, verbs, subresources).
/// </summary>
/// <remarks>
/// <para>
/// Storage keys (<see cref="ResourceDefinition.StorageResource"/>): core resources use their plural
/// (<c>pods</c>), other groups <c>{group}/{plural}</c> (<c>apps/deployments</c>). A resource served in
/// several versions shares one storage; a version whose schema differs from the stored one carries a
/// <see cref="ResourceDefinition.Converter"/> (autoscaling/v1 horizontalpodautoscalers are views of the
/// autoscaling/v2 objects, events.k8s.io/v1 events of core events).
/// </para>
/// <para>
/// <see cref="ResourceDefinition.StorageVersionHash"/> is computed as Kubernetes does from the
/// Kubernetes storage version, so it equals a real cluster's value.
/// </para>
/// </remarks>
public static partial class BuiltInResources
{
    // Partial parts must not declare static fields: their initialisation order relative to All's is
    // unspecified across files.

    /// <summary>Every built-in resource, grouped by API group in discovery order.</summary>
    public static IReadOnlyList<ResourceDefinition> All { get; } =
    [
        .. Core(),
        .. Apps(),
        .. Events(),
        .. Autoscaling(),
        .. Batch(),
        .. Networking(),
        .. Policy(),
        .. Rbac(),
        .. Storage(),
        .. AdmissionRegistration(),
        .. ApiExtensions(),
        .. Scheduling(),
        .. Coordination(),
        .. Node(),
        .. Discovery(),
        .. Metrics(),
    ];

    /// <summary>Creates a catalog holding every built-in resource.</summary>
    public static ResourceCatalog CreateCatalog() => new(All);

    /// <summary>
    /// The storage version hash Kubernetes publishes in discovery: base64 of the first 8 bytes of
    /// SHA-256 over <c>group/version/kind</c> (the core group is empty, e.g. <c>/v1/Pod</c>).
    /// </summary>
    public static string ComputeStorageVersionHash(string group, string version, string kind)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(kind);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{group}/{version}/{kind}"));
        return Convert.ToBase64String(digest, 0, 8);
    }

    /// <summary>The <c>status</c> subresource of a kind: same kind, get/patch/update.</summary>
    private static SubresourceDefinition Status(string group, string version, string kind) =>
        new("status", group, version, kind, ["get", "patch", "update"]);

    /// <summary>The <c>scale</c> subresource: autoscaling/v1 Scale, get/patch/update.</summary>
    private static SubresourceDefinition Scale() =>
        new("scale", "autoscaling", "v1", "Scale", ["get", "patch", "update"]);

    /// <summary>
    /// A stored resource whose storage key and storage hash follow the default scheme (see the
    /// class remarks).
    /// </summary>
    private static ResourceDefinition Stored(
        string group,
        string version,
        string plural,
        string singular,
        string kind,
        bool namespaced,
        Type modelType,
        IReadOnlyList<string>? shortNames = null,
        IReadOnlyList<string>? categories = null,
        IReadOnlyList<SubresourceDefinition>? subresources = null) =>
        new()
        {
            Group = group,
            Version = version,
            Plural = plural,
            Singular = singular,
            Kind = kind,
            Namespaced = namespaced,
            ModelType = modelType,
            ShortNames = shortNames ?? [],
            Categories = categories ?? [],
            Subresources = subresources ?? [],
            StorageResource = group.Length == 0 ? plural : $"{group}/{plural}",
            StorageVersionHash = ComputeStorageVersionHash(group, version, kind),
        };
}
