using Bosun.Api.Catalog;
using Bosun.Api.Errors;
using Bosun.Api.Objects;
using Bosun.ApiServer.Registry;
using Bosun.Storage;

namespace Bosun.ApiServer.Admission;

/// <summary>
/// Kubernetes' NamespaceLifecycle: objects are only created in namespaces that exist and are not
/// terminating, and the system namespaces cannot be deleted. Like Kubernetes' plugin it looks in the watch
/// cache first and asks the store only when the cache does not know the namespace (yet).
/// </summary>
internal sealed class NamespaceLifecyclePlugin(IStore store, ResourceReader reader, ResourceCatalog catalog) : IAdmissionPlugin
{
    private readonly ResourceDefinition _namespaces = catalog.Find("", "v1", "namespaces") ?? throw new InvalidOperationException("namespaces are not served");

    private static readonly HashSet<string> Immortal = ["default", "kube-system", "kube-public"];

    public bool Mutates => false;

    public async ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Resource.Group.Length == 0 && request.Resource.Plural == "namespaces")
        {
            if (request.Operation == AdmissionOperation.Delete && Immortal.Contains(request.Name))
            {
                throw ApiException.Forbidden($"namespaces \"{request.Name}\" is forbidden: this namespace may not be deleted");
            }

            return;
        }

        if (request.Operation != AdmissionOperation.Create || !request.Resource.Namespaced)
        {
            return;
        }

        // The cache must have every acknowledged write, so a namespace deleted just before is seen as
        // terminating; when it cannot say so quickly, the store answers.
        var (_, consistent) = await reader.WaitConsistentAsync(cancellationToken);
        var key = ObjectKeys.Key(_namespaces, "", request.Namespace);
        bool terminating;
        if (consistent && reader.CacheOf(_namespaces).Snapshot().Items.TryGetValue(key, out var cached))
        {
            terminating = cached.Attributes.Field("status.phase") == "Terminating";
        }
        else
        {
            var kv = await store.GetAsync(key, 0, cancellationToken)
                ?? throw ApiException.NotFound("", "namespaces", request.Namespace);
            var ns = ObjectJson.ParseObject(kv.Value.Span);
            terminating = ns.IsBeingDeleted() || ns["status"]?["phase"]?.ToString() == "Terminating";
        }

        if (terminating)
        {
            throw new ApiException(403, "Forbidden", $"{ApiException.QualifiedResource(request.Resource.Group, request.Resource.Plural)} \"{request.Name}\" is forbidden: unable to create new content in namespace {request.Namespace} because it is being terminated")
            {
                DetailsName = request.Name,
                DetailsGroup = request.Resource.Group,
                DetailsKind = request.Resource.Plural,
                Causes = [new StatusCause("NamespaceTerminating", $"namespace {request.Namespace} is being terminated", "metadata.namespace")],
            };
        }
    }
}
