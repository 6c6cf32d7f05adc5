using Bosun.Client.Dynamic;
using k8s.Autorest;

namespace Bosun.Controllers.Namespaces;

/// <summary>
/// Deletes every object in a namespace, resource by resource, the way the namespace controller's deleter does:
/// the resources come from discovery (namespaced, listable, deletable); deletecollection where served, else one
/// delete per object; then a list tells what remains and which finalizers hold it.
/// </summary>
internal sealed class NamespacedContentDeleter(DynamicClient dynamic)
{
    public async Task<DeletionOutcome> DeleteAllAsync(string ns, CancellationToken cancellationToken)
    {
        var discovery = await dynamic.DiscoverAsync(cancellationToken);
        var deleteFailures = new List<string>();
        var byResource = new Dictionary<string, int>(StringComparer.Ordinal);
        var byFinalizer = new Dictionary<string, int>(StringComparer.Ordinal);
        var resources = discovery.Resources.Where(r => r.Namespaced && r.Supports("list") && (r.Supports("delete") || r.Supports("deletecollection")));
        foreach (var resource in resources)
        {
            try
            {
                await DeleteResourceAsync(resource, ns, cancellationToken);
                var left = await dynamic.ListAsync(resource, ns, cancellationToken);
                if (left.Items.Count == 0)
                {
                    continue;
                }

                byResource[$"{resource.Plural}.{resource.Group}"] = left.Items.Count;
                foreach (var finalizer in left.Items.SelectMany(i => i.Metadata.Finalizers ?? []))
                {
                    byFinalizer[finalizer] = byFinalizer.GetValueOrDefault(finalizer) + 1;
                }
            }
            catch (HttpOperationException e)
            {
                deleteFailures.Add($"{resource}: {(int?)e.Response?.StatusCode} {e.Response?.ReasonPhrase}");
            }
        }

        return new DeletionOutcome(discovery.FailedGroups, deleteFailures, byResource, byFinalizer);
    }

    private async Task DeleteResourceAsync(ApiResource resource, string ns, CancellationToken cancellationToken)
    {
        if (resource.Supports("deletecollection"))
        {
            await dynamic.DeleteCollectionAsync(resource, ns, cancellationToken);
            return;
        }

        var list = await dynamic.ListAsync(resource, ns, cancellationToken);
        foreach (var item in list.Items.Where(i => i.Metadata.DeletionTimestamp is null))
        {
            await dynamic.DeleteAsync(resource, ns, item.Metadata.Name, "Background", item.Metadata.Uid, cancellationToken);
        }
    }
}
