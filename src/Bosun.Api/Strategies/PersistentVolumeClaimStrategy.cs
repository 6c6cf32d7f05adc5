using System.Text.Json.Nodes;
using Bosun.Api.Quantities;

namespace Bosun.Api.Strategies;

/// <summary>Persistent volume claims: status starts at phase Pending; volumeMode defaults to Filesystem; storage quantities are canonical.</summary>
public sealed class PersistentVolumeClaimStrategy : ResourceStrategy
{
    public static readonly PersistentVolumeClaimStrategy Instance = new();

    /// <summary>The defaults of a claim spec (also used by ephemeral volumes' claim templates).</summary>
    /// <exception cref="QuantityFormatException">A storage quantity is malformed.</exception>
    public static void ApplySpecDefaults(JsonObject spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec["volumeMode"] ??= "Filesystem";
        if (spec["resources"] is JsonObject resources)
        {
            QuantityJson.CanonicalizeList(resources["requests"]);
            QuantityJson.CanonicalizeList(resources["limits"]);
        }
    }

    public override void ApplyDefaults(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        Decoding(obj, () =>
        {
            if (obj["spec"] is JsonObject spec)
            {
                ApplySpecDefaults(spec);
            }

            QuantityJson.CanonicalizeList(obj["status"]?["capacity"]);
        });
    }

    public override void PrepareForCreate(JsonObject obj, bool hasStatus)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject { ["phase"] = "Pending" };
    }
}
