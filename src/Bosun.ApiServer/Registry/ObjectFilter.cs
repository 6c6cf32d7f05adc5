using Bosun.Api.Catalog;
using Bosun.Api.Errors;
using Bosun.Api.Strategies;
using Bosun.Storage.Cache;

namespace Bosun.ApiServer.Registry;

/// <summary>Namespace, label and field selection of list and watch, checked against what the kind can select on.</summary>
public static class ObjectFilter
{
    /// <summary>Builds the predicate; a field the kind cannot select on is a 400, as in Kubernetes.</summary>
    public static Func<CachedObject<ObjectAttributes>, bool> Create(ResourceDefinition resource, string ns, ListOptions options, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(options);
        var strategy = Strategies.For(resource.StorageGroup, resource.Kind);
        foreach (var field in options.Fields.Fields)
        {
            if (field is not ("metadata.name" or "metadata.namespace") && !strategy.SelectableFields.ContainsKey(field))
            {
                throw ApiException.BadRequest($"field label not supported: {field}");
            }
        }

        var labels = options.Labels;
        var fields = options.Fields;
        var byNamespace = resource.Namespaced && ns.Length > 0;
        return item =>
        {
            var a = item.Attributes;
            return (!byNamespace || a.Namespace == ns)
                && (name is null || a.Name == name)
                && (labels.IsEmpty || labels.Matches(a.Labels))
                && (fields.IsEmpty || fields.Matches(a.Field));
        };
    }
}
