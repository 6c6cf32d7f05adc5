using System.Net;
using k8s;
using k8s.Models;

namespace Bosun.Controllers.Workloads;

/// <summary>
/// One controller's claim over candidate dependents (upstream's ControllerRefManager.ClaimObject): keeps those it
/// controls that its selector still matches, releases those it controls that no longer match, adopts matching
/// orphans, and leaves objects another controller owns alone. Adoption first re-reads the owner live once
/// (<paramref name="recheckOwner"/>), so an owner deleted meanwhile never adopts from a stale cache.
/// </summary>
internal sealed class OwnershipClaim<TChild>(
    V1ObjectMeta owner,
    V1OwnerReference ownerReference,
    Func<TChild, bool> matches,
    Func<CancellationToken, Task> recheckOwner,
    Func<TChild, string, CancellationToken, Task> patch)
    where TChild : class, IKubernetesObject<V1ObjectMeta>
{
    private bool _rechecked;

    /// <summary>The candidates this owner controls after adopting and releasing.</summary>
    public async Task<List<TChild>> ClaimAsync(IEnumerable<TChild> candidates, CancellationToken cancellationToken)
    {
        var claimed = new List<TChild>();
        foreach (var child in candidates)
        {
            if (await ClaimOneAsync(child, cancellationToken))
            {
                claimed.Add(child);
            }
        }

        return claimed;
    }

    private async Task<bool> ClaimOneAsync(TChild child, CancellationToken cancellationToken)
    {
        var meta = child.Metadata;
        if (ControllerRefs.Of(meta) is { } controller)
        {
            if (controller.Uid != owner.Uid)
            {
                return false;
            }

            if (matches(child))
            {
                return true;
            }

            // Ours but no longer selected: let it go, unless we are being deleted (the collector handles that).
            if (owner.DeletionTimestamp is null)
            {
                await PatchIgnoringGoneAsync(child, ControllerRefs.ReleasePatch(owner.Uid, meta.Uid), cancellationToken);
            }

            return false;
        }

        if (owner.DeletionTimestamp is not null || !matches(child) || meta.DeletionTimestamp is not null
            || meta.NamespaceProperty != owner.NamespaceProperty)
        {
            return false;
        }

        if (!_rechecked)
        {
            await recheckOwner(cancellationToken);
            _rechecked = true;
        }

        return await PatchIgnoringGoneAsync(child, ControllerRefs.AdoptPatch(ownerReference, meta.Uid), cancellationToken);
    }

    /// <summary>Patches; a dependent that is gone (404) or was replaced under its name (422 on the uid precondition) is skipped.</summary>
    private async Task<bool> PatchIgnoringGoneAsync(TChild child, string body, CancellationToken cancellationToken)
    {
        try
        {
            await patch(child, body, cancellationToken);
            return true;
        }
        catch (Exception e) when (ApiErrors.StatusOf(e) is HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity)
        {
            return false;
        }
    }
}
