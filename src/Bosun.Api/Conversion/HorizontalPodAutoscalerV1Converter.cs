using System.Text;
using System.Text.Json.Nodes;
using Bosun.Api.Objects;

namespace Bosun.Api.Conversion;

/// <summary>
/// autoscaling/v1 HorizontalPodAutoscalers as views of the stored autoscaling/v2 objects, with
/// Kubernetes' mapping: v1's targetCPUUtilizationPercentage is v2's CPU-utilization Resource metric and
/// currentCPUUtilizationPercentage its current value; what v1 cannot express (other metrics, their
/// current values, behavior, conditions) travels in <c>autoscaling.alpha.kubernetes.io/*</c>
/// annotations so a v1 read-modify-write keeps it. (The annotations hold v2 JSON here; Kubernetes
/// writes older v2beta-shaped metrics into them.)
/// </summary>
public sealed class HorizontalPodAutoscalerV1Converter : VersionConverter
{
    public static readonly HorizontalPodAutoscalerV1Converter Instance = new();

    private const string MetricsAnnotation = "autoscaling.alpha.kubernetes.io/metrics";
    private const string CurrentMetricsAnnotation = "autoscaling.alpha.kubernetes.io/current-metrics";
    private const string BehaviorAnnotation = "autoscaling.alpha.kubernetes.io/behavior";
    private const string ConditionsAnnotation = "autoscaling.alpha.kubernetes.io/conditions";

    public override string StorageGroup => "autoscaling";

    public override string StorageApiVersion => "autoscaling/v2";

    public override string ServedApiVersion => "autoscaling/v1";

    protected override JsonObject Convert(JsonObject source, bool toStorage)
    {
        var result = (JsonObject)source.DeepClone();
        if (toStorage)
        {
            SpecToV2(result);
            StatusToV2(result);
        }
        else
        {
            SpecToV1(result);
            StatusToV1(result);
        }

        if (result["metadata"] is JsonObject { } metadata && metadata["annotations"] is JsonObject { Count: 0 })
        {
            metadata.Remove("annotations");
        }

        return result;
    }

    private static void SpecToV2(JsonObject hpa)
    {
        var spec = hpa["spec"] as JsonObject;
        var metrics = TakeAnnotation(hpa, MetricsAnnotation) as JsonArray ?? [];
        var behavior = TakeAnnotation(hpa, BehaviorAnnotation);
        if (spec is null)
        {
            return;
        }

        if (spec.Remove("targetCPUUtilizationPercentage", out var target) && target is not null)
        {
            metrics.Insert(0, CpuMetric("target", new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = target }));
        }

        if (metrics.Count > 0)
        {
            spec["metrics"] = metrics;
        }

        if (behavior is not null)
        {
            spec["behavior"] = behavior;
        }
    }

    private static void StatusToV2(JsonObject hpa)
    {
        var currentMetrics = TakeAnnotation(hpa, CurrentMetricsAnnotation) as JsonArray ?? [];
        var conditions = TakeAnnotation(hpa, ConditionsAnnotation);
        if (hpa["status"] is not JsonObject status)
        {
            return;
        }

        if (status.Remove("currentCPUUtilizationPercentage", out var current) && current is not null)
        {
            currentMetrics.Insert(0, CpuMetric("current", new JsonObject { ["averageUtilization"] = current }));
        }

        if (currentMetrics.Count > 0)
        {
            status["currentMetrics"] = currentMetrics;
        }

        if (conditions is not null)
        {
            status["conditions"] = conditions;
        }
    }

    private static void SpecToV1(JsonObject hpa)
    {
        if (hpa["spec"] is not JsonObject spec)
        {
            return;
        }

        var others = TakeCpuUtilization(spec, "metrics", "target", "targetCPUUtilizationPercentage");
        PutAnnotation(hpa, MetricsAnnotation, others);
        spec.Remove("behavior", out var behavior);
        PutAnnotation(hpa, BehaviorAnnotation, behavior);
    }

    private static void StatusToV1(JsonObject hpa)
    {
        if (hpa["status"] is not JsonObject status)
        {
            return;
        }

        var others = TakeCpuUtilization(status, "currentMetrics", "current", "currentCPUUtilizationPercentage");
        PutAnnotation(hpa, CurrentMetricsAnnotation, others);
        status.Remove("conditions", out var conditions);
        PutAnnotation(hpa, ConditionsAnnotation, conditions is JsonArray { Count: > 0 } ? conditions : null);
    }

    /// <summary>
    /// Removes the v2 metric list <paramref name="listName"/> from <paramref name="parent"/>, puts the first
    /// CPU utilization's value into v1's <paramref name="v1Field"/>, and returns the other metrics (null if none).
    /// </summary>
    private static JsonArray? TakeCpuUtilization(JsonObject parent, string listName, string field, string v1Field)
    {
        var others = new JsonArray();
        if (parent.Remove(listName, out var metrics) && metrics is JsonArray list)
        {
            foreach (var metric in list.ToArray())
            {
                list.Remove(metric);
                if (IsCpuUtilization(metric, field) && !parent.ContainsKey(v1Field))
                {
                    parent[v1Field] = metric!["resource"]![field]!["averageUtilization"]!.DeepClone();
                }
                else
                {
                    others.Add(metric);
                }
            }
        }

        return others.Count > 0 ? others : null;
    }

    private static JsonObject CpuMetric(string field, JsonObject value) => new()
    {
        ["type"] = "Resource",
        ["resource"] = new JsonObject { ["name"] = "cpu", [field] = value },
    };

    /// <summary>A Resource metric for cpu whose <paramref name="field"/> (target or current) has an averageUtilization.</summary>
    private static bool IsCpuUtilization(JsonNode? metric, string field) =>
        Text(metric?["type"]) == "Resource"
        && Text(metric?["resource"]?["name"]) == "cpu"
        && metric?["resource"]?[field] is JsonObject value
        && value["averageUtilization"] is JsonValue
        && (field == "current" || Text(value["type"]) == "Utilization");

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>Removes an annotation holding JSON and returns the parsed value (null when absent or not JSON).</summary>
    private static JsonNode? TakeAnnotation(JsonObject obj, string name)
    {
        if (obj["metadata"]?["annotations"] is not JsonObject annotations || !annotations.Remove(name, out var value))
        {
            return null;
        }

        try
        {
            return value is JsonValue text && text.TryGetValue<string>(out var json) ? JsonNode.Parse(json) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static void PutAnnotation(JsonObject obj, string name, JsonNode? value)
    {
        if (value is null)
        {
            return;
        }

        var metadata = obj["metadata"] as JsonObject ?? (JsonObject)(obj["metadata"] = new JsonObject());
        var annotations = metadata["annotations"] as JsonObject ?? (JsonObject)(metadata["annotations"] = new JsonObject());
        annotations[name] = Encoding.UTF8.GetString(ObjectJson.ToBytes(value));
    }
}
