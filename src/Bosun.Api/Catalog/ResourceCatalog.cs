namespace Bosun.Api.Catalog;

/// <summary>The set of served resources, with the look-ups routing and discovery need.</summary>
public sealed class ResourceCatalog
{
    private readonly Dictionary<(string Group, string Version, string Plural), ResourceDefinition> _byPath = [];
    private readonly Dictionary<(string Group, string Version), List<ResourceDefinition>> _byGroupVersion = [];
    private readonly Dictionary<(string Group, string Version, string Kind), ResourceDefinition> _byKind = [];
    private readonly Dictionary<string, List<string>> _versionsByGroup = [];

    public ResourceCatalog(IEnumerable<ResourceDefinition> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        foreach (var resource in resources)
        {
            if (!_byPath.TryAdd((resource.Group, resource.Version, resource.Plural), resource))
            {
                throw new ArgumentException($"duplicate resource {resource.Plural}.{resource.ApiVersion}", nameof(resources));
            }

            if (!_byGroupVersion.TryGetValue((resource.Group, resource.Version), out var list))
            {
                _byGroupVersion[(resource.Group, resource.Version)] = list = [];
            }

            list.Add(resource);
        }

        All = [.. _byPath.Values];

        foreach (var resource in All)
        {
            _byKind.TryAdd((resource.Group, resource.Version, resource.Kind), resource);
            if (!_versionsByGroup.TryGetValue(resource.Group, out var versions))
            {
                _versionsByGroup[resource.Group] = versions = [];
            }

            if (!versions.Contains(resource.Version))
            {
                versions.Add(resource.Version);
            }
        }

        foreach (var versions in _versionsByGroup.Values)
        {
            versions.Sort(ApiGroupOrder.CompareVersions);
        }

        var groups = _versionsByGroup.Keys.ToList();
        groups.Sort(ApiGroupOrder.CompareGroups);
        Groups = groups;
    }

    /// <summary>
    /// Every served group in discovery order (see <see cref="ApiGroupOrder"/>); the core group, when
    /// served, is the empty string and comes first.
    /// </summary>
    public IReadOnlyList<string> Groups { get; }

    /// <summary>The versions served for a group, preferred first; empty when the group is not served.</summary>
    public IReadOnlyList<string> VersionsOf(string group) =>
        _versionsByGroup.TryGetValue(group, out var versions) ? versions : [];

    /// <summary>The version clients should use for a group, or null when the group is not served.</summary>
    public string? PreferredVersion(string group) =>
        _versionsByGroup.TryGetValue(group, out var versions) ? versions[0] : null;

    /// <summary>Finds the resource whose objects have the given kind at a group/version.</summary>
    public ResourceDefinition? FindByKind(string group, string version, string kind) =>
        _byKind.GetValueOrDefault((group, version, kind));

    /// <summary>Every served resource.</summary>
    public IReadOnlyList<ResourceDefinition> All { get; }

    /// <summary>Finds the resource served at <c>/apis/{group}/{version}/{plural}</c>.</summary>
    public ResourceDefinition? Find(string group, string version, string plural) =>
        _byPath.GetValueOrDefault((group, version, plural));

    /// <summary>True when the group/version is served at all.</summary>
    public bool HasGroupVersion(string group, string version) => _byGroupVersion.ContainsKey((group, version));

    /// <summary>The resources of one group/version, in catalog order.</summary>
    public IReadOnlyList<ResourceDefinition> InGroupVersion(string group, string version) =>
        _byGroupVersion.TryGetValue((group, version), out var list) ? list : [];
}
