using System.Text.Json.Nodes;
using Bosun.Api.Quantities;

namespace Bosun.Api.Strategies;

/// <summary>Resource quotas: hard limits (and reported usage) in canonical quantity form.</summary>
public sealed class ResourceQuotaStrategy : ResourceStrategy
{
    public static readonly ResourceQuotaStrategy Instance = new();

    public override void ApplyDefaults(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        Decoding(obj, () =>
        {
            QuantityJson.CanonicalizeList(obj["spec"]?["hard"]);
            QuantityJson.CanonicalizeList(obj["status"]?["hard"]);
            QuantityJson.CanonicalizeList(obj["status"]?["used"]);
        });
    }
}
