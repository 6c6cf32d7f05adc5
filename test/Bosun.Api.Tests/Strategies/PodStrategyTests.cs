using System.Text.Json.Nodes;
using Bosun.Api.Strategies;

namespace Bosun.Api.Tests.Strategies;

public class PodStrategyTests
{
    private static JsonObject Pod(string resources) =>
        JsonNode.Parse("""{"spec":{"containers":[{"name":"c","image":"busybox","resources":""" + resources + "}]}}")!.AsObject();

    [Theory]
    [InlineData("{}", "BestEffort")]
    [InlineData("""{"requests":{"cpu":"100m"}}""", "Burstable")]
    [InlineData("""{"limits":{"cpu":"1","memory":"1Gi"}}""", "Guaranteed")]
    [InlineData("""{"requests":{"cpu":"1","memory":"1Gi"},"limits":{"cpu":"1","memory":"1Gi"}}""", "Guaranteed")]
    [InlineData("""{"requests":{"cpu":"500m","memory":"1Gi"},"limits":{"cpu":"1","memory":"1Gi"}}""", "Burstable")]
    public void PrepareForCreate_SetsPendingAndQosClass(string resources, string qos)
    {
        var pod = Pod(resources);

        PodStrategy.Instance.PrepareForCreate(pod, hasStatus: true);

        Assert.Equal("Pending", pod["status"]!["phase"]!.GetValue<string>());
        Assert.Equal(qos, pod["status"]!["qosClass"]!.GetValue<string>());
    }

    [Fact]
    public void Validate_MissingImageAndDuplicateName_AreReported()
    {
        var pod = JsonNode.Parse("""{"spec":{"containers":[{"name":"c","image":"x"},{"name":"c"}]}}""")!.AsObject();

        var causes = PodStrategy.Instance.Validate(pod).ToList();

        Assert.Contains(causes, c => c.Field == "spec.containers[1].name" && c.Reason == "FieldValueDuplicate");
        Assert.Contains(causes, c => c.Field == "spec.containers[1].image" && c.Reason == "FieldValueRequired");
    }

    [Fact]
    public void ValidateUpdate_ChangingImage_IsAllowedButNotCommand()
    {
        var old = JsonNode.Parse("""{"spec":{"containers":[{"name":"c","image":"a"}]}}""")!.AsObject();
        var image = JsonNode.Parse("""{"spec":{"containers":[{"name":"c","image":"b"}]}}""")!.AsObject();
        var command = JsonNode.Parse("""{"spec":{"containers":[{"name":"c","image":"a","command":["x"]}]}}""")!.AsObject();
        // The registry defaults before it validates (restartPolicy is required).
        PodStrategy.Instance.ApplyDefaults(old);
        PodStrategy.Instance.ApplyDefaults(image);
        PodStrategy.Instance.ApplyDefaults(command);

        Assert.Empty(PodStrategy.Instance.ValidateUpdate(image, old));
        Assert.Contains(PodStrategy.Instance.ValidateUpdate(command, old), c => c.Reason == "FieldValueForbidden");
    }

    [Fact]
    public void GracePeriodSeconds_UnboundPod_IsImmediate()
    {
        var unbound = JsonNode.Parse("""{"spec":{}}""")!.AsObject();
        var bound = JsonNode.Parse("""{"spec":{"nodeName":"n1","terminationGracePeriodSeconds":10}}""")!.AsObject();

        Assert.Equal(0, PodStrategy.Instance.GracePeriodSeconds(unbound, null));
        Assert.Equal(10, PodStrategy.Instance.GracePeriodSeconds(bound, null));
        Assert.Equal(0, PodStrategy.Instance.GracePeriodSeconds(bound, 0));
    }
}
