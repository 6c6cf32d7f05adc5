using System.Text.Json.Nodes;

namespace Bosun.Api.Strategies;

/// <summary>Priority classes: preemptionPolicy PreemptLowerPriority by default.</summary>
public sealed class PriorityClassStrategy : ResourceStrategy
{
    public static readonly PriorityClassStrategy Instance = new();

    public override void ApplyDefaults(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["preemptionPolicy"] ??= "PreemptLowerPriority";
    }
}
