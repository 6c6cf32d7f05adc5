using System.Text.Json.Nodes;
using Bosun.Api.Quantities;

namespace Bosun.Api.Strategies;

/// <summary>Persistent volumes: status starts at phase Pending; reclaim policy Retain and volumeMode Filesystem by default.</summary>
public sealed class PersistentVolumeStrategy : ResourceStrategy
{
    public static readonly PersistentVolumeStrategy Instance = new();

    public override void ApplyDefaults(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj["spec"] is not JsonObject spec)
        {
            return;
        }

        spec["persistentVolumeReclaimPolicy"] ??= "Retain";
        spec["volumeMode"] ??= "Filesystem";
        if (spec["hostPath"] is JsonObject hostPath)
        {
            hostPath["type"] ??= "";
        }

        Decoding(obj, () => QuantityJson.CanonicalizeList(spec["capacity"]));
    }

    public override void PrepareForCreate(JsonObject obj, bool hasStatus)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject { ["phase"] = "Pending" };
    }
}
