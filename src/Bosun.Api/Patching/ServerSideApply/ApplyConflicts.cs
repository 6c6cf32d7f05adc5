using Bosun.Api.Errors;

namespace Bosun.Api.Patching.ServerSideApply;

/// <summary>Turns apply conflicts into the 409 Status kube-apiserver answers with.</summary>
internal static class ApplyConflicts
{
    /// <summary>The cause type of each conflicting field.</summary>
    public const string CauseType = "FieldManagerConflict";

    /// <summary>
    /// <c>Apply failed with 1 conflict: conflict with "m" using v1: .data.k</c>, or for several the
    /// conflicts grouped by manager, one <c>- path</c> line each; one cause per field.
    /// </summary>
    public static ApiException ToException(IReadOnlyList<ApplyConflict> conflicts)
    {
        ArgumentNullException.ThrowIfNull(conflicts);
        var ordered = conflicts
            .OrderBy(c => c.Owner.Describe(), StringComparer.Ordinal)
            .ThenBy(c => c.Path.ToString(), StringComparer.Ordinal)
            .ToList();
        string message;
        if (ordered.Count == 1)
        {
            message = $"Apply failed with 1 conflict: conflict with {ordered[0].Owner.Describe()}: {ordered[0].Path}";
        }
        else
        {
            var lines = ordered
                .GroupBy(c => c.Owner.Describe())
                .SelectMany(g => g.Select(c => $"- {c.Path}").Prepend($"conflicts with {g.Key}:"));
            message = $"Apply failed with {ordered.Count} conflicts: {string.Join("\n", lines)}";
        }

        return new ApiException(409, "Conflict", message)
        {
            Causes = [.. ordered.Select(c => new StatusCause(CauseType, $"conflict with {c.Owner.Describe()}", c.Path.ToString()))],
        };
    }
}
