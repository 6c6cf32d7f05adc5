using Bosun.Scheduler.Framework;
using Bosun.Scheduler.Plugins.BalancedAllocation;
using Bosun.Scheduler.Plugins.NodeResourcesFit;
using Bosun.Scheduler.Tests.Infrastructure;
using k8s.Models;

namespace Bosun.Scheduler.Tests.Plugins;

public sealed class NodeResourcesFitTests
{
    private static readonly NodeResourcesFitPlugin Plugin = new();

    [Fact]
    public void Filter_EnoughLeft_Fits()
    {
        var node = Make.NodeInfo(Make.Node("n", cpu: "2"), Make.Pod("a", cpu: "1"));

        Assert.Null(Plugin.Filter(new CycleState(), Make.Info(Make.Pod("p", cpu: "1")), node));
    }

    [Fact]
    public void Filter_CpuAndMemoryShort_ReportsBothAsResolvable()
    {
        var node = Make.NodeInfo(Make.Node("n", cpu: "2", memory: "1Gi"), Make.Pod("a", cpu: "1500m", memory: "800Mi"));

        var status = Plugin.Filter(new CycleState(), Make.Info(Make.Pod("p", cpu: "1", memory: "300Mi")), node);

        Assert.NotNull(status);
        Assert.Equal(["Insufficient cpu", "Insufficient memory"], status.Reasons);
        Assert.Equal(StatusCode.Unschedulable, status.Code);
    }

    [Fact]
    public void Filter_RequestLargerThanNode_IsUnresolvable()
    {
        var node = Make.NodeInfo(Make.Node("n", cpu: "2"));

        var status = Plugin.Filter(new CycleState(), Make.Info(Make.Pod("p", cpu: "3")), node);

        Assert.Equal(StatusCode.UnschedulableAndUnresolvable, status!.Code);
        Assert.Equal(["Insufficient cpu"], status.Reasons);
    }

    [Fact]
    public void Filter_PodCountAtCapacity_TooManyPods()
    {
        var node = Make.NodeInfo(Make.Node("n", pods: "1"), Make.Pod("a"));

        var status = Plugin.Filter(new CycleState(), Make.Info(Make.Pod("p")), node);

        Assert.Equal(["Too many pods"], status!.Reasons);
    }

    [Fact]
    public void Filter_ExtendedResourceMissing_InsufficientByName()
    {
        var node = Make.NodeInfo(Make.Node("n"));
        var pod = Make.Pod("p");
        pod.Spec.Containers[0].Resources.Requests["example.com/gpu"] = new ResourceQuantity("1");

        var status = Plugin.Filter(new CycleState(), Make.Info(pod), node);

        Assert.Equal(["Insufficient example.com/gpu"], status!.Reasons);
    }

    [Fact]
    public void Score_LeastAllocated_PrefersEmptierNode()
    {
        var pod = Make.Info(Make.Pod("p", cpu: "1", memory: "1Gi"));
        var empty = Make.NodeInfo(Make.Node("a", cpu: "4", memory: "8Gi"));
        var busy = Make.NodeInfo(Make.Node("b", cpu: "4", memory: "8Gi"), Make.Pod("x", cpu: "2", memory: "4Gi"));

        // (3/4 cpu free = 75, 7/8 memory free = 87) / 2 = 81; busy: (25 + 37) / 2 = 31.
        Assert.Equal(81, Plugin.Score(new CycleState(), pod, empty));
        Assert.Equal(31, Plugin.Score(new CycleState(), pod, busy));
    }

    [Fact]
    public void Score_PodWithoutRequests_CountsDefaultRequests()
    {
        var pod = Make.Info(Make.Pod("p"));

        Assert.Equal(100, pod.NonZeroMilliCpu);
        Assert.Equal(200L * 1024 * 1024, pod.NonZeroMemory);
        Assert.True(pod.Requests.IsZero);
    }

    [Fact]
    public void BalancedAllocation_EqualShares_ScoresHigherThanSkewed()
    {
        var plugin = new BalancedAllocationPlugin();
        var pod = Make.Info(Make.Pod("p", cpu: "1", memory: "2Gi"));
        var balanced = Make.NodeInfo(Make.Node("a", cpu: "4", memory: "8Gi"));
        var skewed = Make.NodeInfo(Make.Node("b", cpu: "4", memory: "8Gi"), Make.Pod("x", cpu: "3"));

        Assert.Equal(100, plugin.Score(new CycleState(), pod, balanced));
        Assert.True(plugin.Score(new CycleState(), pod, skewed) < 100);
    }
}
