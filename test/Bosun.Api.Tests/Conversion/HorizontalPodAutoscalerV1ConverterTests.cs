using System.Text.Json.Nodes;
using Bosun.Api.Conversion;

namespace Bosun.Api.Tests.Conversion;

public class HorizontalPodAutoscalerV1ConverterTests
{
    private static readonly HorizontalPodAutoscalerV1Converter Converter = HorizontalPodAutoscalerV1Converter.Instance;

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void ToStorage_TargetCpuBecomesUtilizationMetric()
    {
        var v2 = Converter.ToStorage(Parse("""
            {"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"web"},
             "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":1,"maxReplicas":5,"targetCPUUtilizationPercentage":60},
             "status":{"currentReplicas":2,"desiredReplicas":3,"currentCPUUtilizationPercentage":75}}
            """));

        Assert.Equal("autoscaling/v2", (string?)v2["apiVersion"]);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":60}}}]"""),
            v2["spec"]!["metrics"]));
        Assert.Null(v2["spec"]!["targetCPUUtilizationPercentage"]);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[{"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":75}}}]"""),
            v2["status"]!["currentMetrics"]));
        Assert.Equal(3, (int?)v2["status"]!["desiredReplicas"]);
    }

    [Fact]
    public void FromStorage_CpuMetricBecomesTargetAndTheRestGoesToAnnotations()
    {
        var v1 = Converter.FromStorage(Parse("""
            {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"web"},
             "spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"maxReplicas":5,
               "metrics":[{"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"100Mi"}}},
                          {"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}}],
               "behavior":{"scaleDown":{"stabilizationWindowSeconds":60}}},
             "status":{"desiredReplicas":1,"conditions":[{"type":"AbleToScale","status":"True"}]}}
            """));

        Assert.Equal("autoscaling/v1", (string?)v1["apiVersion"]);
        Assert.Equal(80, (int?)v1["spec"]!["targetCPUUtilizationPercentage"]);
        Assert.Null(v1["spec"]!["metrics"]);
        Assert.Null(v1["spec"]!["behavior"]);
        Assert.Null(v1["status"]!["conditions"]);
        var annotations = v1["metadata"]!["annotations"]!;
        Assert.Contains("memory", (string?)annotations["autoscaling.alpha.kubernetes.io/metrics"], StringComparison.Ordinal);
        Assert.Contains("stabilizationWindowSeconds", (string?)annotations["autoscaling.alpha.kubernetes.io/behavior"], StringComparison.Ordinal);
        Assert.Contains("AbleToScale", (string?)annotations["autoscaling.alpha.kubernetes.io/conditions"], StringComparison.Ordinal);
    }

    [Fact]
    public void V2ThroughV1AndBack_LosesNothing()
    {
        var v2 = Parse("""
            {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"web","labels":{"app":"web"}},
             "spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"minReplicas":2,"maxReplicas":5,
               "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}},
                          {"type":"Pods","pods":{"metric":{"name":"qps"},"target":{"type":"AverageValue","averageValue":"10"}}}],
               "behavior":{"scaleUp":{"stabilizationWindowSeconds":0}}},
             "status":{"desiredReplicas":2,"currentMetrics":[{"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":40}}}],
               "conditions":[{"type":"ScalingActive","status":"True"}]}}
            """);

        var back = Converter.ToStorage(Converter.FromStorage(v2));

        Assert.True(JsonNode.DeepEquals(v2, back), back.ToJsonString());
    }
}
