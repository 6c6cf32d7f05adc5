using Bosun.Api.Catalog;
using Bosun.Api.Errors;
using Bosun.Api.Objects;
using Bosun.ApiServer.Registry;
using Bosun.Storage;

namespace Bosun.ApiServer.Admission;

/// <summary>
/// Kubernetes' NamespaceLifecycle: objects are only created in namespaces that exist and are not
/// terminating, and the system namespaces cannot be deleted. Like Kubernetes' plugin it looks in the watch
/// cache (without waiting for it: every create would otherwise pay the watch's delay) and asks the store
/// when the cache does not know the namespace, or when this server deleted the namespace moments ago and
/// the cache may not show it yet (Kubernetes' force-live-lookup).
/// </summary>
internal sealed class NamespaceLifecyclePlugin(IStore store, ResourceReader reader, ResourceCatalog catalog, TimeProvider time) : IAdmissionPlugin
{
    // How long after a delete the cache is not trusted for that namespace (Kubernetes uses 30 s).
    private static readonly TimeSpan ForceLiveLookup = TimeSpan.FromSeconds(30);

    private readonly ResourceDefinition _namespaces = catalog.Find("", "v1", "namespaces") ?? throw new InvalidOperationException("namespaces are not served");
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _recentlyDeleted = new(StringComparer.Ordinal);

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

            if (request.Operation == AdmissionOperation.Delete)
            {
                ForgetExpired();
                _recentlyDeleted[request.Name] = time.GetUtcNow();
            }

            return;
        }

        if (request.Operation != AdmissionOperation.Create || !request.Resource.Namespaced)
        {
            return;
        }

        var key = ObjectKeys.Key(_namespaces, "", request.Namespace);
        var trustCache = !(_recentlyDeleted.TryGetValue(request.Namespace, out var deleted) && time.GetUtcNow() - deleted < ForceLiveLookup);
        bool terminating;
        if (trustCache && reader.CacheOf(_namespaces).Snapshot().Items.TryGetValue(key, out var cached))
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

    private void ForgetExpired()
    {
        var now = time.GetUtcNow();
        foreach (var (name, deleted) in _recentlyDeleted)
        {
            if (now - deleted >= ForceLiveLookup)
            {
                _recentlyDeleted.TryRemove(name, out _);
            }
        }
    }
}
