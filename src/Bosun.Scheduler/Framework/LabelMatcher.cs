using k8s.Models;

namespace Bosun.Scheduler.Framework;

/// <summary>
/// A compiled metav1.LabelSelector. A null selector matches nothing (as LabelSelectorAsSelector(nil) in
/// affinity terms and spread constraints), an empty one everything.
/// </summary>
internal sealed class LabelMatcher
{
    public static readonly LabelMatcher Nothing = new([], matchesNothing: true);
    public static readonly LabelMatcher Everything = new([], matchesNothing: false);

    private readonly Requirement[] _requirements;
    private readonly bool _matchesNothing;

    private LabelMatcher(Requirement[] requirements, bool matchesNothing)
    {
        _requirements = requirements;
        _matchesNothing = matchesNothing;
    }

    public bool IsEverything => !_matchesNothing && _requirements.Length == 0;

    public static LabelMatcher From(V1LabelSelector? selector)
    {
        if (selector is null)
        {
            return Nothing;
        }

        var requirements = new List<Requirement>();
        if (selector.MatchLabels is not null)
        {
            foreach (var (key, value) in selector.MatchLabels)
            {
                requirements.Add(new Requirement(key, "In", [value ?? ""]));
            }
        }

        if (selector.MatchExpressions is not null)
        {
            foreach (var e in selector.MatchExpressions)
            {
                requirements.Add(new Requirement(e.Key, e.OperatorProperty, [.. e.Values ?? []]));
            }
        }

        return requirements.Count == 0 ? Everything : new LabelMatcher([.. requirements], matchesNothing: false);
    }

    /// <summary>A selector equal to a set of labels (a Service's or ReplicationController's selector).</summary>
    public static LabelMatcher FromSet(IDictionary<string, string>? set) =>
        set is null || set.Count == 0 ? Nothing : new LabelMatcher([.. set.Select(kv => new Requirement(kv.Key, "In", [kv.Value]))], matchesNothing: false);

    /// <summary>This selector with the requirements of <paramref name="other"/> added (both must match).</summary>
    public LabelMatcher And(LabelMatcher other)
    {
        if (_matchesNothing || other._matchesNothing)
        {
            return Nothing;
        }

        return new LabelMatcher([.. _requirements, .. other._requirements], matchesNothing: false);
    }

    /// <summary>Adds "key In (value)" (matchLabelKeys: the incoming pod's value of a label key).</summary>
    public LabelMatcher WithEquals(string key, string value) =>
        _matchesNothing ? this : new LabelMatcher([.. _requirements, new Requirement(key, "In", [value])], matchesNothing: false);

    public bool Matches(IDictionary<string, string>? labels)
    {
        if (_matchesNothing)
        {
            return false;
        }

        foreach (var r in _requirements)
        {
            string? value = null;
            var has = labels is not null && labels.TryGetValue(r.Key, out value);
            var ok = r.Operator switch
            {
                "In" => has && (r.Values.Length == 1 ? r.Values[0] == value : Array.IndexOf(r.Values, value) >= 0),
                "NotIn" => !has || Array.IndexOf(r.Values, value) < 0,
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

    private sealed record Requirement(string Key, string Operator, string[] Values);
}
