namespace Bosun.Api.Catalog;

/// <summary>The set of served resources, with the look-ups routing and discovery need.</summary>
public sealed class ResourceCatalog
{
    private readonly Dictionary<(string Group, string Version, string Plural), ResourceDefinition> _byPath = [];
    private readonly Dictionary<(string Group, string Version), List<ResourceDefinition>> _byGroupVersion = [];

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
    }

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
