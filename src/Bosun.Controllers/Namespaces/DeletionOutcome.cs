namespace Bosun.Controllers.Namespaces;

/// <summary>One pass of emptying a namespace: what failed and what is still there.</summary>
/// <param name="DiscoveryFailures">Group versions discovery could not read.</param>
/// <param name="DeleteFailures">Per resource, why deleting its objects failed.</param>
/// <param name="RemainingByResource">Objects still present per resource ("configmaps.", "deployments.apps").</param>
/// <param name="RemainingByFinalizer">Remaining objects per finalizer they carry.</param>
internal sealed record DeletionOutcome(
    IReadOnlyList<string> DiscoveryFailures,
    IReadOnlyList<string> DeleteFailures,
    IReadOnlyDictionary<string, int> RemainingByResource,
    IReadOnlyDictionary<string, int> RemainingByFinalizer)
{
    /// <summary>Nothing is left and nothing failed: the namespace can be finalized.</summary>
    public bool IsEmpty => RemainingByResource.Count == 0 && DiscoveryFailures.Count == 0 && DeleteFailures.Count == 0;

    public int RemainingCount => RemainingByResource.Values.Sum();
}
