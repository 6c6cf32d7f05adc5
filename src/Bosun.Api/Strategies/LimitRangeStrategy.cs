using System.Text.Json.Nodes;
using Bosun.Api.Quantities;

namespace Bosun.Api.Strategies;

/// <summary>
/// Limit ranges: canonical quantities, and for Container items the default limit from max, the default
/// request from the default limit, then from min (SetDefaults_LimitRangeItem).
/// </summary>
public sealed class LimitRangeStrategy : ResourceStrategy
{
    public static readonly LimitRangeStrategy Instance = new();

    private static readonly string[] Lists = ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"];

    public override void ApplyDefaults(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        Decoding(obj, () =>
        {
            foreach (var item in PodSpecDefaults.Items(obj["spec"]?["limits"]))
            {
                foreach (var list in Lists)
                {
                    QuantityJson.CanonicalizeList(item[list]);
                }

                if (Text(item["type"]) == "Container")
                {
                    Fill(item, "default", item["max"]);
                    Fill(item, "defaultRequest", item["default"]);
                    Fill(item, "defaultRequest", item["min"]);
                }
            }
        });
    }

    private static void Fill(JsonObject item, string target, JsonNode? from)
    {
        if (from is not JsonObject { Count: > 0 } source)
        {
            return;
        }

        var list = item[target] as JsonObject ?? [];
        foreach (var (name, value) in source)
        {
            list[name] ??= value?.DeepClone();
        }

        item[target] = list;
    }
}
