using Bosun.Scheduler.Framework;
using Bosun.Scheduler.Tests.Infrastructure;
using k8s.Models;

namespace Bosun.Scheduler.Tests.Framework;

public sealed class PodInfoTests
{
    private static V1Container C(string name, string cpu, string? restartPolicy = null) => new()
    {
        Name = name,
        RestartPolicy = restartPolicy,
        Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu) } },
    };

    [Fact]
    public void EffectiveRequests_InitLargerThanSum_TakesInit()
    {
        var spec = new V1PodSpec { Containers = [C("a", "100m"), C("b", "200m")], InitContainers = [C("i", "500m")] };

        Assert.Equal(500, PodInfo.EffectiveRequests(spec, nonZero: false).MilliCpu);
    }

    [Fact]
    public void EffectiveRequests_SidecarAddsToAppsAndToLaterInits()
    {
        // Sidecar 100m runs with the apps (300m + 100m) and during the later init (500m + 100m).
        var spec = new V1PodSpec { Containers = [C("a", "300m")], InitContainers = [C("s", "100m", "Always"), C("i", "500m")] };

        Assert.Equal(600, PodInfo.EffectiveRequests(spec, nonZero: false).MilliCpu);
    }

    [Fact]
    public void EffectiveRequests_Overhead_IsAdded()
    {
        var spec = new V1PodSpec { Containers = [C("a", "300m")], Overhead = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("50m") } };

        Assert.Equal(350, PodInfo.EffectiveRequests(spec, nonZero: false).MilliCpu);
    }

    [Fact]
    public void EffectiveRequests_LimitOnly_CountsAsRequest()
    {
        var spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = "a", Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("1Gi") } } }],
        };

        Assert.Equal(1L << 30, PodInfo.EffectiveRequests(spec, nonZero: false).Memory);
    }

    [Fact]
    public void Create_HostPorts_DefaultProtocolAndAddress()
    {
        var pod = Make.Pod("p");
        pod.Spec.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 80, HostPort = 8080 }, new V1ContainerPort { ContainerPort = 81 }];

        var info = PodInfo.Create(pod);

        Assert.Equal([new HostPort("0.0.0.0", "TCP", 8080)], info.Ports);
    }
}
