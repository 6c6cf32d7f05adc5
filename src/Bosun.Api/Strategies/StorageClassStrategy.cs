using System.Text.Json.Nodes;

namespace Bosun.Api.Strategies;

/// <summary>Storage classes: reclaimPolicy Delete and volumeBindingMode Immediate by default.</summary>
public sealed class StorageClassStrategy : ResourceStrategy
{
    public static readonly StorageClassStrategy Instance = new();

    public override void ApplyDefaults(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["reclaimPolicy"] ??= "Delete";
        obj["volumeBindingMode"] ??= "Immediate";
    }
}
