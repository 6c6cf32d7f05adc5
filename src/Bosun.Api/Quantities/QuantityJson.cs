using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bosun.Api.Quantities;

/// <summary>Quantities inside JSON objects: resource lists (<c>{"cpu":"1000m"}</c>) rewritten in canonical form.</summary>
public static class QuantityJson
{
    /// <summary>
    /// Rewrites every value of <paramref name="list"/> (a map of resource name to quantity) in canonical form.
    /// Numbers are read by their text, as Kubernetes' decoder does.
    /// </summary>
    /// <exception cref="QuantityFormatException">A value is not a quantity.</exception>
    public static void CanonicalizeList(JsonNode? list)
    {
        if (list is not JsonObject map)
        {
            return;
        }

        foreach (var key in map.Select(p => p.Key).ToList())
        {
            map[key] = Canonical(map[key]);
        }
    }

    /// <summary>The canonical text of one quantity value (a JSON string or number).</summary>
    /// <exception cref="QuantityFormatException">The value is not a quantity.</exception>
    public static string Canonical(JsonNode? value) => Read(value).ToString();

    /// <summary>Parses one quantity value (a JSON string or number).</summary>
    /// <exception cref="QuantityFormatException">The value is not a quantity.</exception>
    public static Quantity Read(JsonNode? value)
    {
        var text = value?.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            _ => throw new QuantityFormatException(),
        };
        try
        {
            return Quantity.Parse(text);
        }
        catch (OverflowException e)
        {
            throw new QuantityFormatException(QuantityFormatException.FormatWrong, e);
        }
    }
}
