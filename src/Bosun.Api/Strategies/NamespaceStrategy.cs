using System.Text.Json.Nodes;

namespace Bosun.Api.Strategies;

/// <summary>Namespaces: RFC 1123 label names, phase Active, the "kubernetes" finalizer owned by the server.</summary>
public sealed class NamespaceStrategy : ResourceStrategy
{
    public static readonly NamespaceStrategy Instance = new();

    public override NameRule NameRule => NameRule.Dns1123Label;

    public override IReadOnlyDictionary<string, string> SelectableFields { get; } = new Dictionary<string, string>
    {
        ["status.phase"] = "",
    };

    public override void PrepareForCreate(JsonObject obj, bool hasStatus)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject { ["phase"] = "Active" };
        var spec = obj["spec"] as JsonObject ?? [];
        obj["spec"] = spec;
        if (spec["finalizers"] is not JsonArray { Count: > 0 } finalizers)
        {
            spec["finalizers"] = new JsonArray("kubernetes");
        }
        else if (!finalizers.Any(f => f?.GetValue<string>() == "kubernetes"))
        {
            finalizers.Add("kubernetes");
        }
    }

    public override bool HasPendingFinalization(JsonObject obj) =>
        obj?["spec"]?["finalizers"] is JsonArray { Count: > 0 };

    public override void OnDeletionStarted(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var status = obj["status"] as JsonObject ?? [];
        status["phase"] = "Terminating";
        obj["status"] = status;
    }

    public override void PrepareForUpdate(JsonObject obj, JsonObject old, bool hasStatus)
    {
        base.PrepareForUpdate(obj, old, hasStatus);
        // spec.finalizers only change through the finalize subresource.
        CopyMember(old, obj, "spec");
    }
}
