using Bosun.Api.Selectors;
using k8s.Models;

namespace Bosun.Controllers.Selection;

/// <summary>metav1.LabelSelector objects (as controllers' specs carry them) as matchers.</summary>
internal static class LabelSelectors
{
    /// <summary>
    /// The selector an object's spec names: null matches nothing, empty matches everything (policy/v1 and apps/v1
    /// semantics); one that does not parse matches nothing, as upstream controllers treat it.
    /// </summary>
    public static LabelSelector Of(V1LabelSelector? selector)
    {
        if (selector is null)
        {
            return LabelSelector.Nothing;
        }

        try
        {
            return LabelSelector.FromMatchLabelsAndExpressions(
                selector.MatchLabels,
                selector.MatchExpressions?.Select(e => (e.Key, e.OperatorProperty, (IList<string>?)e.Values)));
        }
        catch (ArgumentException)
        {
            return LabelSelector.Nothing;
        }
    }

    /// <summary>True when <paramref name="selector"/> selects <paramref name="labels"/>.</summary>
    public static bool Selects(this LabelSelector selector, IDictionary<string, string>? labels) =>
        selector.Matches(labels is null ? null : labels as IReadOnlyDictionary<string, string> ?? new Dictionary<string, string>(labels));
}
