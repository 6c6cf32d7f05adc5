using System.Diagnostics.CodeAnalysis;
using System.Text;
using Bosun.Api.Validation;

namespace Bosun.Api.Selectors;

/// <summary>A parsed field selector (<c>metadata.name=x,status.phase!=Running</c>), as Kubernetes' <c>fields.ParseSelector</c>.</summary>
/// <remarks>
/// Terms are separated by commas; in a value, <c>\,</c>, <c>\=</c> and <c>\\</c> stand for the literal
/// character (any other escape is an error). The field part is not unescaped and not trimmed: the
/// first <c>!=</c>, <c>==</c> or <c>=</c> splits a term. An absent field compares as the empty string,
/// so <c>spec.nodeName=</c> selects unscheduled pods.
/// </remarks>
public sealed class FieldSelector
{
    private static readonly string[] TermOperators = ["!=", "==", "="];

    private readonly FieldSelectorRequirement[] _requirements;
    private readonly string[] _fields;

    private FieldSelector(FieldSelectorRequirement[] requirements)
    {
        _requirements = requirements;
        _fields = [.. requirements.Select(r => r.Field).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>A selector that matches every object.</summary>
    public static FieldSelector Everything { get; } = new([]);

    /// <summary>True when the selector has no requirements.</summary>
    public bool IsEmpty => _requirements.Length == 0;

    /// <summary>The distinct field paths the selector names (checked against what a kind supports).</summary>
    public IReadOnlyList<string> Fields => _fields;

    /// <summary>The terms, in Kubernetes' order (sorted by their raw text).</summary>
    public IReadOnlyList<FieldSelectorRequirement> Requirements => _requirements;

    /// <summary>
    /// Parses the query-string form; <see langword="null"/> or empty selects everything. Throws
    /// <see cref="FormatException"/> with Kubernetes' message on bad input, e.g.
    /// <c>invalid selector: 'a'; can't understand 'a'</c>.
    /// </summary>
    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Everything;
        }

        var parts = SplitTerms(text);
        parts.Sort(GoText.CodePointComparer);
        var requirements = new List<FieldSelectorRequirement>();
        foreach (var part in parts)
        {
            if (part.Length == 0)
            {
                continue;
            }

            if (!SplitTerm(part, out var field, out var op, out var rawValue))
            {
                throw new FormatException($"invalid selector: '{text}'; can't understand '{part}'");
            }

            var value = UnescapeValue(rawValue);

            // Kubernetes drops a term whose field and value are both empty ("=", "!=").
            if (field.Length == 0 && value.Length == 0)
            {
                continue;
            }

            requirements.Add(new FieldSelectorRequirement(field, op == "!=" ? SelectionOperator.NotEqual : SelectionOperator.Equal, value));
        }

        return requirements.Count == 0 ? Everything : new FieldSelector([.. requirements]);
    }

    /// <summary>Parses like <see cref="Parse"/>, returning Kubernetes' message instead of throwing.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out FieldSelector? selector, [NotNullWhen(false)] out string? error)
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

    /// <summary>A selector requiring each field to equal the given value (Kubernetes' <c>fields.SelectorFromSet</c>).</summary>
    public static FieldSelector FromSet(IEnumerable<KeyValuePair<string, string>>? fields)
    {
        var requirements = (fields ?? []).Select(f => new FieldSelectorRequirement(f.Key, SelectionOperator.Equal, f.Value)).ToArray();
        return requirements.Length == 0 ? Everything : new FieldSelector(requirements);
    }

    /// <summary>True when every requirement holds; <paramref name="fieldValue"/> gives an object's value of a field (null when absent).</summary>
    public bool Matches(Func<string, string?> fieldValue)
    {
        ArgumentNullException.ThrowIfNull(fieldValue);
        foreach (var requirement in _requirements)
        {
            if (!requirement.Matches(fieldValue))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the selector pins <paramref name="field"/> to one value (an <c>=</c> term).</summary>
    public bool RequiresExactMatch(string field, [NotNullWhen(true)] out string? value)
    {
        foreach (var requirement in _requirements)
        {
            if (requirement.Field == field && requirement.Operator == SelectionOperator.Equal)
            {
                value = requirement.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>Kubernetes' text: the terms joined by commas, values escaped.</summary>
    public override string ToString() => string.Join(",", _requirements.Select(r => r.ToString()));

    /// <summary>Escapes <c>\</c>, <c>,</c> and <c>=</c> so a literal string can be used as a value.</summary>
    public static string EscapeValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny('\\', ',', '=') < 0)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length + 4);
        foreach (var c in value)
        {
            if (c is '\\' or ',' or '=')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>
    /// Reverses <see cref="EscapeValue"/>. Throws <see cref="FormatException"/> with Kubernetes' message for an
    /// unknown escape or an unescaped <c>,</c> or <c>=</c>.
    /// </summary>
    public static string UnescapeValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny('\\', ',', '=') < 0)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length);
        var inSlash = false;
        foreach (var rune in value.EnumerateRunes())
        {
            if (inSlash)
            {
                if (rune.Value is not ('\\' or ',' or '='))
                {
                    throw new FormatException("invalid field selector: invalid escape sequence: \\" + rune);
                }

                sb.Append(rune.ToString());
                inSlash = false;
                continue;
            }

            switch (rune.Value)
            {
                case '\\':
                    inSlash = true;
                    break;
                case ',' or '=':
                    // Go prints the rune with %v, i.e. as its number.
                    throw new FormatException("invalid field selector: unescaped character in value: " + rune.Value);
                default:
                    sb.Append(rune.ToString());
                    break;
            }
        }

        return inSlash ? throw new FormatException("invalid field selector: invalid escape sequence: \\") : sb.ToString();
    }

    // Splits on commas not escaped by a backslash; the escapes stay in the terms.
    private static List<string> SplitTerms(string text)
    {
        var terms = new List<string>();
        var start = 0;
        var inSlash = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inSlash)
            {
                inSlash = false;
            }
            else if (c == '\\')
            {
                inSlash = true;
            }
            else if (c == ',')
            {
                terms.Add(text[start..i]);
                start = i + 1;
            }
        }

        terms.Add(text[start..]);
        return terms;
    }

    private static bool SplitTerm(string term, out string field, out string op, out string value)
    {
        for (var i = 0; i < term.Length; i++)
        {
            foreach (var candidate in TermOperators)
            {
                if (term.AsSpan(i).StartsWith(candidate, StringComparison.Ordinal))
                {
                    field = term[..i];
                    op = candidate;
                    value = term[(i + candidate.Length)..];
                    return true;
                }
            }
        }

        field = op = value = "";
        return false;
    }
}
