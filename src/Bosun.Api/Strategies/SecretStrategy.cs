using System.Text.Json.Nodes;
using Bosun.Api.Errors;

namespace Bosun.Api.Strategies;

/// <summary>Secrets: type defaults to Opaque, is selectable and immutable.</summary>
public sealed class SecretStrategy : ResourceStrategy
{
    public static readonly SecretStrategy Instance = new();

    public override IReadOnlyDictionary<string, string> SelectableFields { get; } = new Dictionary<string, string>
    {
        ["type"] = "",
    };

    public override void ApplyDefaults(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["type"] ??= "Opaque";
    }

    public override IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        var type = obj["type"]?.ToString() ?? "";
        if (type != (old["type"]?.ToString() ?? ""))
        {
            yield return Invalid("type", type, "field is immutable");
        }
    }
}
