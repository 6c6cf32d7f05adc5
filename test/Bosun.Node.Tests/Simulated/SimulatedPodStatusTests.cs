using System.Text.Json.Nodes;
using Bosun.Node.Simulated;
using k8s.Models;

namespace Bosun.Node.Tests.Simulated;

public class SimulatedPodStatusTests
{
    private static readonly DateTime Now = new(2026, 11, 28, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void RunningPatch_APodWithInitAndSidecar_ReportsWhatAKubeletWould()
    {
        var scheduled = Now.AddSeconds(-5);
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p", Uid = "u1" },
            Spec = new V1PodSpec
            {
                Containers = [new V1Container { Name = "app", Image = "busybox" }, new V1Container { Name = "log", Image = "busybox:1" }],
                InitContainers = [new V1Container { Name = "init", Image = "busybox" }, new V1Container { Name = "sidecar", Image = "proxy", RestartPolicy = "Always" }],
            },
            Status = new V1PodStatus { Phase = "Pending", Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = scheduled }] },
        };

        var status = JsonNode.Parse(SimulatedPodStatus.RunningPatch(pod, "198.18.0.1", "10.128.0.2", Now))!["status"]!;

        Assert.Equal("Running", (string?)status["phase"]);
        Assert.Equal("10.128.0.2", (string?)status["podIP"]);
        Assert.Equal("198.18.0.1", (string?)status["hostIPs"]![0]!["ip"]);
        var conditions = status["conditions"]!.AsArray().ToDictionary(c => (string)c!["type"]!, c => c!);
        Assert.Equal(["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"], conditions.Keys);
        Assert.All(conditions.Values, c => Assert.Equal("True", (string?)c["status"]));
        Assert.Equal("2026-11-28T09:59:55Z", (string?)conditions["PodScheduled"]["lastTransitionTime"]);
        Assert.Equal("2026-11-28T10:00:00Z", (string?)conditions["Ready"]["lastTransitionTime"]);
        var containers = status["containerStatuses"]!.AsArray();
        Assert.Equal(["app", "log"], containers.Select(c => (string)c!["name"]!));
        Assert.All(containers, c => Assert.True((bool)c!["ready"]! && c["state"]!["running"] is not null));
        Assert.Equal("busybox:1", (string?)containers[1]!["image"]);
        Assert.StartsWith("simulated://", (string?)containers[0]!["containerID"], StringComparison.Ordinal);
        var inits = status["initContainerStatuses"]!.AsArray();
        Assert.Equal("Completed", (string?)inits[0]!["state"]!["terminated"]!["reason"]);
        Assert.NotNull(inits[1]!["state"]!["running"]);
    }
}
