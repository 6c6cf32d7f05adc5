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
        // stringData is write-only: its entries go into data (base64), overriding keys there, and it is not stored.
        if (obj["stringData"] is JsonObject plain)
        {
            var data = obj["data"] as JsonObject ?? [];
            foreach (var (key, value) in plain)
            {
                data[key] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? ""));
            }

            obj["data"] = data;
        }

        obj.Remove("stringData");
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

        foreach (var cause in ImmutableData.Check(obj, old, "data"))
        {
            yield return cause;
        }
    }
}
