using Bosun.Api.Errors;
using Bosun.Api.Objects;
using Bosun.Storage;

namespace Bosun.ApiServer.Admission;

/// <summary>
/// Kubernetes' NamespaceLifecycle: objects are only created in namespaces that exist and are not
/// terminating, and the system namespaces cannot be deleted.
/// </summary>
internal sealed class NamespaceLifecyclePlugin(IStore store) : IAdmissionPlugin
{
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

        var kv = await store.GetAsync($"/registry/namespaces/{request.Namespace}", 0, cancellationToken)
            ?? throw ApiException.NotFound("", "namespaces", request.Namespace);
        var ns = ObjectJson.ParseObject(kv.Value.Span);
        if (ns.IsBeingDeleted() || ns["status"]?["phase"]?.ToString() == "Terminating")
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
