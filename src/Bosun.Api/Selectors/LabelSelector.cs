using System.Diagnostics.CodeAnalysis;
using Bosun.Api.Validation;

namespace Bosun.Api.Selectors;

/// <summary>A parsed label selector (<c>a=b,c!=d,e in (f,g),!h</c>) as Kubernetes accepts it.</summary>
/// <remarks>
/// Requirements are kept sorted by key (as Kubernetes sorts them), so <see cref="ToString"/> is canonical.
/// All requirements must hold (logical AND).
/// </remarks>
public sealed class LabelSelector
{
    private static readonly IReadOnlyList<string> MetaOperators = ["In", "NotIn", "Exists", "DoesNotExist"];

    private readonly LabelSelectorRequirement[] _requirements;
    private readonly bool _matchesNothing;

    private LabelSelector(LabelSelectorRequirement[] requirements, bool matchesNothing = false)
    {
        _requirements = requirements;
        _matchesNothing = matchesNothing;
    }

    /// <summary>A selector that matches every object.</summary>
    public static LabelSelector Everything { get; } = new([]);

    /// <summary>
    /// A selector that matches no object: what a missing (<c>null</c>) <c>metav1.LabelSelector</c> means
    /// to controllers, as opposed to an empty one, which matches everything.
    /// </summary>
    public static LabelSelector Nothing { get; } = new([], matchesNothing: true);

    /// <summary>True when the selector has no requirements (matches everything).</summary>
    public bool IsEmpty => !_matchesNothing && _requirements.Length == 0;

    /// <summary>The requirements, sorted by key.</summary>
    public IReadOnlyList<LabelSelectorRequirement> Requirements => _requirements;

    /// <summary>
    /// Parses the query-string form; <see langword="null"/>, empty or blank text selects everything.
    /// Throws <see cref="FormatException"/> with Kubernetes' message on bad input, e.g.
    /// <c>unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt</c>.
    /// </summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Everything;
        }

        var requirements = LabelSelectorParser.Parse(text);
        return requirements.Count == 0 ? Everything : new LabelSelector(SortByKey(requirements));
    }

    /// <summary>Parses like <see cref="Parse"/>, returning Kubernetes' message instead of throwing.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out LabelSelector? selector, [NotNullWhen(false)] out string? error)
    {
        try
        {
            selector = Parse(text);
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            selector = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>
    /// A selector requiring exactly the given labels (Kubernetes' <c>SelectorFromSet</c>, e.g. a Service's
    /// <c>spec.selector</c>). Not validated; <see langword="null"/> or empty selects everything.
    /// </summary>
    public static LabelSelector FromSet(IEnumerable<KeyValuePair<string, string>>? labels)
    {
        if (labels is null)
        {
            return Everything;
        }

        var requirements = labels
            .Select(pair => LabelSelectorRequirement.TryCreate(pair.Key, SelectionOperator.Equal, [pair.Value], out _))
            .ToList();
        return requirements.Count == 0 ? Everything : new LabelSelector(SortByKey(requirements));
    }

    /// <summary>
    /// Converts a <c>metav1.LabelSelector</c> (Kubernetes' <c>LabelSelectorAsSelector</c>): each match label
    /// becomes <c>key=value</c>; each expression's operator is <c>In</c>, <c>NotIn</c>, <c>Exists</c> or
    /// <c>DoesNotExist</c>. Both empty selects everything. A missing selector object means "nothing":
    /// callers use <see cref="Nothing"/> for it. Throws <see cref="ArgumentException"/> with Kubernetes'
    /// message for an invalid key, value, operator or value count.
    /// </summary>
    public static LabelSelector FromMatchLabelsAndExpressions(
        IDictionary<string, string>? matchLabels,
        IEnumerable<(string Key, string Operator, IList<string>? Values)>? expressions)
    {
        var requirements = new List<LabelSelectorRequirement>();
        foreach (var (key, value) in matchLabels ?? new Dictionary<string, string>())
        {
            requirements.Add(CreateOrThrow(key, SelectionOperator.Equal, [value]));
        }

        foreach (var (key, op, values) in expressions ?? [])
        {
            var selectionOperator = op switch
            {
                "In" => SelectionOperator.In,
                "NotIn" => SelectionOperator.NotIn,
                "Exists" => SelectionOperator.Exists,
                "DoesNotExist" => SelectionOperator.DoesNotExist,
                _ => throw new ArgumentException($"{GoText.Quote(op ?? "")} is not a valid label selector operator"),
            };

            // Kubernetes copies the values into a nil slice: no values shows as null in the message.
            requirements.Add(CreateOrThrow(key, selectionOperator, values is { Count: > 0 } ? [.. values] : null));
        }

        return requirements.Count == 0 ? Everything : new LabelSelector(SortByKey(requirements));
    }

    /// <summary>The operator names a <c>metav1.LabelSelectorRequirement</c> accepts.</summary>
    public static IReadOnlyList<string> SupportedExpressionOperators => MetaOperators;

    /// <summary>True when the labels satisfy every requirement (a missing label set is an empty one).</summary>
    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        if (_matchesNothing)
        {
            return false;
        }

        foreach (var requirement in _requirements)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when the selector pins <paramref name="label"/> to a single value (<c>=</c>, <c>==</c> or a
    /// one-value <c>in</c>), which lets a lister use an index instead of a scan.
    /// </summary>
    public bool RequiresExactMatch(string label, [NotNullWhen(true)] out string? value)
    {
        foreach (var requirement in _requirements)
        {
            if (requirement.Key != label)
            {
                continue;
            }

            if (requirement.Operator is SelectionOperator.Equal or SelectionOperator.DoubleEqual or SelectionOperator.In
                && requirement.Values.Count == 1)
            {
                value = requirement.Values[0];
                return true;
            }

            break;
        }

        value = null;
        return false;
    }

    /// <summary>Kubernetes' canonical text: the requirements' texts, sorted by key, joined by commas.</summary>
    public override string ToString() => string.Join(",", _requirements.Select(r => r.ToString()));

    private static LabelSelectorRequirement CreateOrThrow(string key, SelectionOperator op, string[]? values)
    {
        var requirement = LabelSelectorRequirement.TryCreate(key, op, values, out var errors);
        return errors.Count == 0 ? requirement : throw new ArgumentException(FieldError.Aggregate(errors));
    }

    private static LabelSelectorRequirement[] SortByKey(List<LabelSelectorRequirement> requirements) =>
        [.. requirements.OrderBy(r => r.Key, GoText.CodePointComparer)];
}
