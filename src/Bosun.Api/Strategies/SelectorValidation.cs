using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Api.Validation;

namespace Bosun.Api.Strategies;

/// <summary>
/// metav1.LabelSelector in JSON: Kubernetes' ValidateLabelSelector, matching against labels, and the Go
/// rendering (<c>%#v</c>) its error messages show.
/// </summary>
public static class SelectorValidation
{
    private static readonly string[] Operators = ["In", "NotIn", "Exists", "DoesNotExist"];

    /// <summary>The errors of the selector at <paramref name="path"/>.</summary>
    public static IEnumerable<FieldError> Validate(JsonObject selector, string path)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var errors = new List<FieldError>(ObjectMetaValidator.ValidateLabels(selector["matchLabels"], $"{path}.matchLabels"));
        var expressions = selector["matchExpressions"] as JsonArray ?? [];
        for (var i = 0; i < expressions.Count; i++)
        {
            var at = $"{path}.matchExpressions[{i}]";
            var expression = expressions[i] as JsonObject ?? [];
            var op = Text(expression["operator"]) ?? "";
            var values = expression["values"] as JsonArray ?? [];
            switch (op)
            {
                case "In" or "NotIn":
                    if (values.Count == 0)
                    {
                        errors.Add(FieldError.Required($"{at}.values", "must be specified when `operator` is 'In' or 'NotIn'"));
                    }

                    break;
                case "Exists" or "DoesNotExist":
                    if (values.Count > 0)
                    {
                        errors.Add(FieldError.Forbidden($"{at}.values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    }

                    break;
                default:
                    errors.Add(FieldError.Invalid($"{at}.operator", op, "not a valid selector operator"));
                    break;
            }

            var key = Text(expression["key"]) ?? "";
            errors.AddRange(NameValidation.IsQualifiedName(key).Select(m => FieldError.Invalid($"{at}.key", key, m)));
        }

        return errors;
    }

    /// <summary>True when the selector has neither match labels nor expressions (it selects everything).</summary>
    public static bool IsEmpty(JsonObject selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return selector["matchLabels"] is not JsonObject { Count: > 0 } && selector["matchExpressions"] is not JsonArray { Count: > 0 };
    }

    /// <summary>True when <paramref name="labels"/> satisfy the selector.</summary>
    public static bool Matches(JsonObject selector, JsonNode? labels)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var set = Strings(labels);
        foreach (var (key, value) in Strings(selector["matchLabels"]))
        {
            if (!set.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        foreach (var expression in (selector["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var key = Text(expression["key"]) ?? "";
            var values = (expression["values"] as JsonArray ?? []).Select(Text).ToList();
            var has = set.TryGetValue(key, out var actual);
            var ok = Text(expression["operator"]) switch
            {
                "In" => has && values.Contains(actual),
                "NotIn" => !has || !values.Contains(actual),
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

    /// <summary>A string map as Go prints it: <c>map[string]string{"a":"b"}</c>, keys sorted; <c>map[string]string(nil)</c> when absent.</summary>
    public static string GoMap(JsonNode? map)
    {
        if (map is not JsonObject o)
        {
            return "map[string]string(nil)";
        }

        var entries = Strings(o).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => GoText.Quote(p.Key) + ":" + GoText.Quote(p.Value));
        return "map[string]string{" + string.Join(", ", entries) + "}";
    }

    /// <summary>A selector as Go prints a <c>v1.LabelSelector</c> value.</summary>
    public static string GoSelector(JsonNode? selector)
    {
        var sb = new StringBuilder("v1.LabelSelector{MatchLabels:");
        sb.Append(GoMap(selector?["matchLabels"]));
        sb.Append(", MatchExpressions:");
        if (selector?["matchExpressions"] is JsonArray expressions)
        {
            var items = expressions.OfType<JsonObject>().Select(e =>
            {
                var values = e["values"] is JsonArray v
                    ? "[]string{" + string.Join(", ", v.Select(x => GoText.Quote(Text(x) ?? ""))) + "}"
                    : "[]string(nil)";
                return $"v1.LabelSelectorRequirement{{Key:{GoText.Quote(Text(e["key"]) ?? "")}, Operator:{GoText.Quote(Text(e["operator"]) ?? "")}, Values:{values}}}";
            });
            sb.Append("[]v1.LabelSelectorRequirement{").Append(string.Join(", ", items)).Append('}');
        }
        else
        {
            sb.Append("[]v1.LabelSelectorRequirement(nil)");
        }

        return sb.Append('}').ToString();
    }

    private static Dictionary<string, string> Strings(JsonNode? map)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in map as JsonObject ?? [])
        {
            result[key] = Text(value) ?? "";
        }

        return result;
    }

    private static string? Text(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
}
