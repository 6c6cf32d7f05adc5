using System.Text.Json.Nodes;

namespace Bosun.Api.Strategies;

/// <summary>Persistent volumes and claims: status starts at phase Pending.</summary>
public sealed class PendingPhaseStrategy : ResourceStrategy
{
    public static readonly PendingPhaseStrategy Instance = new();

    public override void PrepareForCreate(JsonObject obj, bool hasStatus)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject { ["phase"] = "Pending" };
    }
}
