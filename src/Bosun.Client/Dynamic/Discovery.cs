namespace Bosun.Client.Dynamic;

/// <summary>What discovery found: the resources, and the group versions that could not be read.</summary>
public sealed record Discovery(IReadOnlyList<ApiResource> Resources, IReadOnlyList<string> FailedGroups)
{
    /// <summary>The resource serving <paramref name="apiVersion"/>/<paramref name="kind"/>, or null.</summary>
    public ApiResource? ForKind(string apiVersion, string kind) =>
        Resources.FirstOrDefault(r => r.Kind == kind && r.ApiVersion == apiVersion)
        // An owner reference may name another version of the group than the preferred one.
        ?? Resources.FirstOrDefault(r => r.Kind == kind && r.Group == GroupOf(apiVersion));

    private static string GroupOf(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? "" : apiVersion[..slash];
    }
}
