using System.Globalization;
using System.Text;
using Bosun.Api.Validation;

namespace Bosun.Api.Selectors;

/// <summary>One requirement of a label selector: a key, an operator and (for most operators) values.</summary>
public sealed class LabelSelectorRequirement
{
    private readonly string[] _values;

    private LabelSelectorRequirement(string key, SelectionOperator op, string[] values)
    {
        Key = key;
        Operator = op;
        _values = values;
    }

    /// <summary>The label key.</summary>
    public string Key { get; }

    /// <summary>The operator.</summary>
    public SelectionOperator Operator { get; }

    /// <summary>The values: one for =, ==, !=, &gt;, &lt;; at least one for in/notin; none for exists/!.</summary>
    public IReadOnlyList<string> Values => _values;

    /// <summary>
    /// Builds a validated requirement (Kubernetes' <c>labels.NewRequirement</c>); throws
    /// <see cref="ArgumentException"/> with Kubernetes' message when the key, operator or values are invalid.
    /// </summary>
    public static LabelSelectorRequirement Create(string key, SelectionOperator op, IEnumerable<string>? values)
    {
        var requirement = TryCreate(key, op, values?.ToArray(), out var errors);
        return errors.Count == 0 ? requirement : throw new ArgumentException(FieldError.Aggregate(errors));
    }

    /// <summary>True when the labels satisfy this requirement.</summary>
    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        string? value = null;
        var has = labels is not null && labels.TryGetValue(Key, out value);
        switch (Operator)
        {
            case SelectionOperator.In:
            case SelectionOperator.Equal:
            case SelectionOperator.DoubleEqual:
                return has && HasValue(value!);
            case SelectionOperator.NotIn:
            case SelectionOperator.NotEqual:
                return !has || !HasValue(value!);
            case SelectionOperator.Exists:
                return has;
            case SelectionOperator.DoesNotExist:
                return !has;
            case SelectionOperator.GreaterThan:
            case SelectionOperator.LessThan:
                // A value that is not an integer never matches, as in Kubernetes.
                if (!has || _values.Length != 1 || !TryParseInt64(value!, out var actual) || !TryParseInt64(_values[0], out var bound))
                {
                    return false;
                }

                return Operator == SelectionOperator.GreaterThan ? actual > bound : actual < bound;
            default:
                return false;
        }
    }

    /// <summary>Kubernetes' text form: <c>a=b</c>, <c>a in (x,y)</c>, <c>!a</c>, <c>a&gt;3</c> (set values sorted).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Operator == SelectionOperator.DoesNotExist)
        {
            sb.Append('!');
        }

        sb.Append(Key);
        switch (Operator)
        {
            case SelectionOperator.Equal: sb.Append('='); break;
            case SelectionOperator.DoubleEqual: sb.Append("=="); break;
            case SelectionOperator.NotEqual: sb.Append("!="); break;
            case SelectionOperator.In: sb.Append(" in "); break;
            case SelectionOperator.NotIn: sb.Append(" notin "); break;
            case SelectionOperator.GreaterThan: sb.Append('>'); break;
            case SelectionOperator.LessThan: sb.Append('<'); break;
            default: return sb.ToString();
        }

        var set = Operator is SelectionOperator.In or SelectionOperator.NotIn;
        if (set)
        {
            sb.Append('(');
        }

        if (_values.Length == 1)
        {
            sb.Append(_values[0]);
        }
        else
        {
            var sorted = (string[])_values.Clone();
            Array.Sort(sorted, GoText.CodePointComparer);
            sb.AppendJoin(',', sorted);
        }

        if (set)
        {
            sb.Append(')');
        }

        return sb.ToString();
    }

    /// <summary>
    /// Kubernetes' <c>NewRequirement</c>: validates and returns the requirement together with the
    /// problems found (field paths as Kubernetes reports them: <c>key</c>, <c>values</c>, <c>values[0][key]</c>).
    /// </summary>
    internal static LabelSelectorRequirement TryCreate(string key, SelectionOperator op, string[]? values, out List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(key);
        errors = [];
        if (ValidateKey(key, "key") is { } keyError)
        {
            errors.Add(keyError);
        }

        var count = values?.Length ?? 0;
        switch (op)
        {
            case SelectionOperator.In:
            case SelectionOperator.NotIn:
                if (count == 0)
                {
                    errors.Add(FieldError.Invalid("values", values, "for 'in', 'notin' operators, values set can't be empty"));
                }

                break;
            case SelectionOperator.Equal:
            case SelectionOperator.DoubleEqual:
            case SelectionOperator.NotEqual:
                if (count != 1)
                {
                    errors.Add(FieldError.Invalid("values", values, "exact-match compatibility requires one single value"));
                }

                break;
            case SelectionOperator.Exists:
            case SelectionOperator.DoesNotExist:
                if (count != 0)
                {
                    errors.Add(FieldError.Invalid("values", values, "values set must be empty for exists and does not exist"));
                }

                break;
            case SelectionOperator.GreaterThan:
            case SelectionOperator.LessThan:
                if (count != 1)
                {
                    errors.Add(FieldError.Invalid("values", values, "for 'Gt', 'Lt' operators, exactly one value is required"));
                }

                for (var i = 0; i < count; i++)
                {
                    if (!TryParseInt64(values![i], out _))
                    {
                        errors.Add(FieldError.Invalid($"values[{i}]", values[i], "for 'Gt', 'Lt' operators, the value must be an integer"));
                    }
                }

                break;
            default:
                errors.Add(FieldError.NotSupported("operator", SelectionOperatorText.ToKubernetesString(op), SelectionOperatorText.ValidOperators));
                break;
        }

        for (var i = 0; i < count; i++)
        {
            var problems = NameValidation.IsValidLabelValue(values![i]);
            if (problems.Count != 0)
            {
                errors.Add(FieldError.Invalid($"values[{i}][{key}]", values[i], string.Join("; ", problems)));
            }
        }

        return new LabelSelectorRequirement(key, op, values ?? []);
    }

    /// <summary>Kubernetes' <c>validateLabelKey</c>: one error joining every problem with "; ".</summary>
    internal static FieldError? ValidateKey(string key, string path)
    {
        var problems = NameValidation.IsQualifiedName(key);
        return problems.Count == 0 ? null : FieldError.Invalid(path, key, string.Join("; ", problems));
    }

    /// <summary>Go's <c>strconv.ParseInt(s, 10, 64)</c>: optional sign, decimal digits only.</summary>
    internal static bool TryParseInt64(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private bool HasValue(string value)
    {
        foreach (var v in _values)
        {
            if (v == value)
            {
                return true;
            }
        }

        return false;
    }
}
