using k8s.Models;

namespace Bosun.Controllers.Namespaces;

/// <summary>
/// The status conditions a Terminating namespace carries, with Kubernetes' types, reasons and messages
/// (pkg/controller/namespace/deletion/status_condition_utils.go): each type is True with the problem or False
/// with its "ok" text.
/// </summary>
internal static class NamespaceConditions
{
    private static readonly (string Type, string OkReason, string OkMessage)[] Types =
    [
        ("NamespaceDeletionDiscoveryFailure", "ResourcesDiscovered", "All resources successfully discovered"),
        ("NamespaceDeletionGroupVersionParsingFailure", "ParsedGroupVersions", "All legacy kube types successfully parsed"),
        ("NamespaceDeletionContentFailure", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
        ("NamespaceContentRemaining", "ContentRemoved", "All content successfully removed"),
        ("NamespaceFinalizersRemaining", "ContentRemoved", "All content successfully removed"),
    ];

    /// <summary>Sets the conditions from <paramref name="outcome"/>; true when anything changed.</summary>
    public static bool Apply(V1NamespaceStatus status, DeletionOutcome outcome, DateTime now)
    {
        var failing = new Dictionary<string, (string Reason, string Message)>(StringComparer.Ordinal);
        if (outcome.DiscoveryFailures.Count > 0)
        {
            failing["NamespaceDeletionDiscoveryFailure"] = ("DiscoveryFailed",
                $"Discovery failed for some groups, {outcome.DiscoveryFailures.Count} failing: {string.Join(", ", outcome.DiscoveryFailures)}");
        }

        if (outcome.DeleteFailures.Count > 0)
        {
            failing["NamespaceDeletionContentFailure"] = ("ContentDeletionFailed",
                $"Failed to delete all resource types, {outcome.DeleteFailures.Count} remaining: {string.Join(", ", outcome.DeleteFailures.Order(StringComparer.Ordinal))}");
        }

        if (outcome.RemainingByResource.Count > 0)
        {
            failing["NamespaceContentRemaining"] = ("SomeResourcesRemain",
                "Some resources are remaining: " + string.Join(", ", outcome.RemainingByResource.Select(r => $"{r.Key} has {r.Value} resource instances").Order(StringComparer.Ordinal)));
        }

        if (outcome.RemainingByFinalizer.Count > 0)
        {
            failing["NamespaceFinalizersRemaining"] = ("SomeFinalizerRemain",
                "Some finalizers are remaining: " + string.Join(", ", outcome.RemainingByFinalizer.Select(f => $"{f.Key} in {f.Value} resource instances").Order(StringComparer.Ordinal)));
        }

        status.Conditions ??= [];
        var changed = false;
        foreach (var (type, okReason, okMessage) in Types)
        {
            var (state, reason, message) = failing.TryGetValue(type, out var f) ? ("True", f.Reason, f.Message) : ("False", okReason, okMessage);
            var existing = status.Conditions.FirstOrDefault(c => c.Type == type);
            if (existing is null)
            {
                status.Conditions.Add(new V1NamespaceCondition { Type = type, Status = state, Reason = reason, Message = message, LastTransitionTime = now });
                changed = true;
            }
            else if (existing.Status != state || existing.Reason != reason || existing.Message != message)
            {
                if (existing.Status != state)
                {
                    existing.LastTransitionTime = now;
                }

                existing.Status = state;
                existing.Reason = reason;
                existing.Message = message;
                changed = true;
            }
        }

        return changed;
    }
}
