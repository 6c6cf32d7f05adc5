using k8s.Models;

namespace Bosun.Controllers.Workloads;

/// <summary>Label selector matching on the typed models (apimachinery's LabelSelectorAsSelector + Matches).</summary>
internal static class LabelSelectors
{
    /// <summary>
    /// True when <paramref name="labels"/> satisfy <paramref name="selector"/>. A null selector selects nothing and an
    /// empty one everything, as upstream; an unknown operator selects nothing rather than guessing.
    /// </summary>
    public static bool Matches(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null)
        {
            return false;
        }

        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            if (labels is null || !labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            string? actual = null;
            var has = labels is not null && labels.TryGetValue(requirement.Key, out actual);
            var values = requirement.Values ?? [];
            var ok = requirement.OperatorProperty switch
            {
                "In" => has && values.Contains(actual!),
                "NotIn" => !has || !values.Contains(actual!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True for a selector with no requirement at all (it would select every object).</summary>
    public static bool IsEmpty(V1LabelSelector? selector) =>
        selector is not null && (selector.MatchLabels?.Count ?? 0) == 0 && (selector.MatchExpressions?.Count ?? 0) == 0;

    /// <summary>A ReplicationController's map selector: every pair present; an empty map selects nothing (it is invalid).</summary>
    public static bool MatchesMap(IDictionary<string, string>? selector, IDictionary<string, string>? labels) =>
        selector is { Count: > 0 } && selector.All(p => labels is not null && labels.TryGetValue(p.Key, out var v) && v == p.Value);
}
