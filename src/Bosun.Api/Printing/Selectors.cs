using System.Text;
using System.Text.Json;

namespace Bosun.Api.Printing;

/// <summary>Label maps and label selectors as Kubernetes prints them (labels.FormatLabels, metav1.FormatLabelSelector).</summary>
public static class Selectors
{
    /// <summary>"k1=v1,k2=v2", keys sorted; "&lt;none&gt;" when empty.</summary>
    public static string FormatLabels(JsonElement labels)
    {
        if (labels.ValueKind != JsonValueKind.Object)
        {
            return "<none>";
        }

        var pairs = new List<(string Key, string Value)>();
        foreach (var property in labels.EnumerateObject())
        {
            pairs.Add((property.Name, property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() ?? "" : property.Value.GetRawText()));
        }

        if (pairs.Count == 0)
        {
            return "<none>";
        }

        pairs.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return string.Join(",", pairs.Select(p => p.Key + "=" + p.Value));
    }

    /// <summary>A LabelSelector as a selector string ("app=web,tier in (a,b)"); "&lt;none&gt;" when it selects nothing or everything.</summary>
    public static string FormatLabelSelector(JsonElement selector)
    {
        if (selector.ValueKind != JsonValueKind.Object)
        {
            return "<none>";
        }

        var requirements = new List<(string Key, string Text)>();
        var matchLabels = selector.Prop("matchLabels");
        if (matchLabels.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in matchLabels.EnumerateObject())
            {
                requirements.Add((property.Name, property.Name + "=" + property.Value.GetString()));
            }
        }

        foreach (var expression in selector.Items("matchExpressions"))
        {
            var key = expression.Str("key") ?? "";
            var values = new List<string>();
            foreach (var value in expression.Items("values"))
            {
                values.Add(value.GetString() ?? "");
            }

            values.Sort(string.CompareOrdinal);
            var text = expression.Str("operator") switch
            {
                "In" => $"{key} in ({string.Join(",", values)})",
                "NotIn" => $"{key} notin ({string.Join(",", values)})",
                "Exists" => key,
                "DoesNotExist" => "!" + key,
                _ => null,
            };
            if (text is null)
            {
                return "<error>";
            }

            requirements.Add((key, text));
        }

        if (requirements.Count == 0)
        {
            return "<none>";
        }

        // Stable sort by key, as labels.Selector sorts its requirements.
        var ordered = requirements.OrderBy(r => r.Key, StringComparer.Ordinal);
        var builder = new StringBuilder();
        foreach (var (_, text) in ordered)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(text);
        }

        return builder.ToString();
    }
}
