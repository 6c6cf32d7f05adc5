using System.Globalization;
using k8s.Models;

namespace Bosun.Scheduler.Framework;

/// <summary>
/// A pod's required node constraints: spec.nodeSelector (every label equal) and
/// requiredDuringSchedulingIgnoredDuringExecution (any term; within a term every expression and field).
/// </summary>
internal sealed class NodeSelectorMatcher
{
    public static readonly NodeSelectorMatcher Everything = new(null, null);

    private readonly KeyValuePair<string, string>[]? _nodeSelector;
    private readonly V1NodeSelectorTerm[]? _terms;

    private NodeSelectorMatcher(KeyValuePair<string, string>[]? nodeSelector, V1NodeSelectorTerm[]? terms)
    {
        _nodeSelector = nodeSelector;
        _terms = terms;
    }

    public bool IsEverything => _nodeSelector is null && _terms is null;

    public static NodeSelectorMatcher For(V1PodSpec spec)
    {
        var selector = spec.NodeSelector is { Count: > 0 } ns ? ns.ToArray() : null;
        var terms = spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms?.ToArray();
        return selector is null && terms is null ? Everything : new NodeSelectorMatcher(selector, terms);
    }

    public bool Matches(V1Node node)
    {
        var labels = node.Metadata?.Labels;
        if (_nodeSelector is not null)
        {
            foreach (var (key, value) in _nodeSelector)
            {
                if (labels is null || !labels.TryGetValue(key, out var actual) || actual != value)
                {
                    return false;
                }
            }
        }

        if (_terms is null)
        {
            return true;
        }

        foreach (var term in _terms)
        {
            if (TermMatches(term, labels, node.Metadata?.Name ?? ""))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One node selector term; a term without expressions or fields matches no node, as upstream.</summary>
    public static bool TermMatches(V1NodeSelectorTerm term, IDictionary<string, string>? labels, string nodeName)
    {
        var expressions = term.MatchExpressions;
        var fields = term.MatchFields;
        if ((expressions is null || expressions.Count == 0) && (fields is null || fields.Count == 0))
        {
            return false;
        }

        if (expressions is not null)
        {
            foreach (var e in expressions)
            {
                string? value = null;
                var has = labels is not null && labels.TryGetValue(e.Key, out value);
                if (!RequirementMatches(e.OperatorProperty, e.Values, has, value))
                {
                    return false;
                }
            }
        }

        if (fields is not null)
        {
            foreach (var f in fields)
            {
                // Only metadata.name is a supported field, with In and NotIn.
                if (f.Key != "metadata.name" || f.OperatorProperty is not ("In" or "NotIn") || !RequirementMatches(f.OperatorProperty, f.Values, true, nodeName))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool RequirementMatches(string op, IList<string>? values, bool has, string? value) => op switch
    {
        "In" => has && values is not null && values.Contains(value!),
        "NotIn" => !has || values is null || !values.Contains(value!),
        "Exists" => has,
        "DoesNotExist" => !has,
        // Gt and Lt compare integers; a label or a value that is not one fails the requirement.
        "Gt" => has && values is { Count: 1 } && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var a)
            && long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var b) && a > b,
        "Lt" => has && values is { Count: 1 } && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var c)
            && long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d) && c < d,
        _ => false,
    };
}
