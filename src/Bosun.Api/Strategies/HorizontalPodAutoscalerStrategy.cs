using System.Text.Json.Nodes;

namespace Bosun.Api.Strategies;

/// <summary>
/// Horizontal pod autoscalers: minReplicas 1; for autoscaling/v2 a CPU-utilization metric of 80% when none is
/// given and the unset parts of a behavior filled with Kubernetes' scale-up and scale-down rules.
/// </summary>
public sealed class HorizontalPodAutoscalerStrategy : ResourceStrategy
{
    public static readonly HorizontalPodAutoscalerStrategy Instance = new();

    public override void ApplyDefaults(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj["spec"] is not JsonObject spec)
        {
            return;
        }

        spec["minReplicas"] ??= 1;
        if (Text(obj["apiVersion"]) != "autoscaling/v2")
        {
            return;
        }

        if (spec["metrics"] is not JsonArray { Count: > 0 })
        {
            spec["metrics"] = new JsonArray(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject
                {
                    ["name"] = "cpu",
                    ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = 80 },
                },
            });
        }

        if (spec["behavior"] is JsonObject behavior)
        {
            behavior["scaleUp"] = Rules(behavior["scaleUp"] as JsonObject, 0, Policy("Pods", 4), Policy("Percent", 100));
            behavior["scaleDown"] = Rules(behavior["scaleDown"] as JsonObject, 300, Policy("Percent", 100));
        }
    }

    private static JsonObject Policy(string type, int value) => new() { ["type"] = type, ["value"] = value, ["periodSeconds"] = 15 };

    private static JsonObject Rules(JsonObject? rules, int stabilizationWindowSeconds, params JsonObject[] policies)
    {
        rules ??= [];
        rules["stabilizationWindowSeconds"] ??= stabilizationWindowSeconds;
        rules["selectPolicy"] ??= "Max";
        if (rules["policies"] is not JsonArray { Count: > 0 })
        {
            rules["policies"] = new JsonArray(policies);
        }

        return rules;
    }
}
