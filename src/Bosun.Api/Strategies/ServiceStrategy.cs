using System.Text.Json.Nodes;
using Bosun.Api.Errors;

namespace Bosun.Api.Strategies;

/// <summary>Services: RFC 1035 label names, basic defaults and port validation.</summary>
public sealed class ServiceStrategy : ResourceStrategy
{
    public static readonly ServiceStrategy Instance = new();

    public override NameRule NameRule => NameRule.Dns1035Label;

    public override void PrepareForCreate(JsonObject obj, bool hasStatus)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
    }

    public override void ApplyDefaults(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj["spec"] is not JsonObject spec)
        {
            return;
        }

        spec["type"] ??= "ClusterIP";
        spec["sessionAffinity"] ??= "None";
        if (spec["ports"] is JsonArray ports)
        {
            foreach (var port in ports.OfType<JsonObject>())
            {
                port["protocol"] ??= "TCP";
                if (port["targetPort"] is null && port["port"] is { } number)
                {
                    port["targetPort"] = number.DeepClone();
                }
            }
        }
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var spec = obj["spec"] as JsonObject;
        var type = spec?["type"]?.GetValue<string>() ?? "ClusterIP";
        var headless = spec?["clusterIP"]?.GetValue<string>() == "None";
        if (type == "ExternalName" || headless)
        {
            yield break;
        }

        if (spec?["ports"] is not JsonArray { Count: > 0 } ports)
        {
            yield return Required("spec.ports");
            yield break;
        }

        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i]?["port"];
            if (port is null || !port.AsValue().TryGetValue<int>(out var number))
            {
                yield return Required($"spec.ports[{i}].port");
            }
            else if (number is < 1 or > 65535)
            {
                yield return Invalid($"spec.ports[{i}].port", number.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be between 1 and 65535, inclusive");
            }
        }
    }
}
