using System.Text.Json.Nodes;

namespace Bosun.Api.Strategies;

/// <summary>Nodes: the agent may set status on create; spec.unschedulable is selectable.</summary>
public sealed class NodeStrategy : ResourceStrategy
{
    public static readonly NodeStrategy Instance = new();

    public override IReadOnlyDictionary<string, string> SelectableFields { get; } = new Dictionary<string, string>
    {
        ["spec.unschedulable"] = "false",
    };

    public override void PrepareForCreate(JsonObject obj, bool hasStatus)
    {
        // Nodes allow every field, status included, to be set on create.
    }
}
