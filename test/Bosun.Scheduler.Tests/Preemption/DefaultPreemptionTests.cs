using Bosun.Scheduler.Framework;
using Bosun.Scheduler.Preemption;
using Bosun.Scheduler.Tests.Infrastructure;

namespace Bosun.Scheduler.Tests.Preemption;

public sealed class DefaultPreemptionTests
{
    private static (SchedulingAlgorithm Algorithm, DefaultPreemption Preemption) New()
    {
        var algorithm = new SchedulingAlgorithm(new Nominator());
        return (algorithm, new DefaultPreemption(algorithm));
    }

    [Fact]
    public void Preempt_PicksNodeWithLowestPriorityVictim_AndFewestVictims()
    {
        var (algorithm, preemption) = New();
        var a = Make.NodeInfo(Make.Node("a", cpu: "2"), Make.Pod("a-mid", cpu: "2", priority: 50));
        var b = Make.NodeInfo(Make.Node("b", cpu: "2"), Make.Pod("b-low1", cpu: "1", priority: 10), Make.Pod("b-low2", cpu: "1", priority: 10));
        var c = Make.NodeInfo(Make.Node("c", cpu: "2"), Make.Pod("c-low", cpu: "1", priority: 10), Make.Pod("c-keep", cpu: "500m", priority: 10));
        var snapshot = Make.Snapshot(a, b, c);
        var pod = Make.Info(Make.Pod("p", cpu: "1", priority: 100));
        var failed = algorithm.Schedule(pod, snapshot);
        Assert.Null(failed.NodeName);

        var result = preemption.Preempt(pod, failed, snapshot);

        // b and c need one priority-10 victim each; c's victim set {c-low} (1 victim) is picked over... both have 1.
        Assert.NotNull(result.NodeName);
        Assert.NotEqual("a", result.NodeName);
        var victim = Assert.Single(result.Victims);
        Assert.Equal(10, victim.Priority);
    }

    [Fact]
    public void Preempt_NoLowerPriorityPods_NotHelpfulMessage()
    {
        var (algorithm, preemption) = New();
        var a = Make.NodeInfo(Make.Node("a", cpu: "1"), Make.Pod("x", cpu: "1", priority: 100));
        var b = Make.NodeInfo(Make.Node("b", cpu: "1", taints: [new k8s.Models.V1Taint { Key = "k", Effect = "NoSchedule" }]));
        var snapshot = Make.Snapshot(a, b);
        var pod = Make.Info(Make.Pod("p", cpu: "1", priority: 100));
        var failed = algorithm.Schedule(pod, snapshot);

        var result = preemption.Preempt(pod, failed, snapshot);

        Assert.Null(result.NodeName);
        Assert.Equal(
            "preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.",
            result.Message);
    }

    [Fact]
    public void Preempt_PolicyNever_NotEligible()
    {
        var (algorithm, preemption) = New();
        var a = Make.NodeInfo(Make.Node("a", cpu: "1"), Make.Pod("x", cpu: "1"));
        var snapshot = Make.Snapshot(a);
        var pod = Make.Pod("p", cpu: "1", priority: 100);
        pod.Spec.PreemptionPolicy = "Never";
        var info = Make.Info(pod);

        var result = preemption.Preempt(info, algorithm.Schedule(info, snapshot), snapshot);

        Assert.Null(result.NodeName);
        Assert.Equal("preemption: not eligible due to preemptionPolicy=Never.", result.Message);
    }

    [Fact]
    public void SelectVictims_ReprievesWhatStillFits()
    {
        var (algorithm, preemption) = New();
        var node = Make.NodeInfo(Make.Node("a", cpu: "3"), Make.Pod("v1", cpu: "1", priority: 1), Make.Pod("v2", cpu: "1", priority: 5), Make.Pod("v3", cpu: "1", priority: 3));
        var pod = Make.Info(Make.Pod("p", cpu: "1", priority: 100));
        var state = algorithm.PreFilter(pod, Make.Snapshot(node));

        var (victims, status) = preemption.SelectVictims(pod, state, node);

        Assert.Null(status);
        Assert.Equal(["v1"], victims!.Select(v => v.Name));
    }

    [Fact]
    public void Filters_NominatedHigherPriorityPod_ReservesItsSpace()
    {
        var nominator = new Nominator();
        var algorithm = new SchedulingAlgorithm(nominator);
        var node = Make.NodeInfo(Make.Node("a", cpu: "2"));
        var nominated = Make.Info(Make.Pod("nominated", cpu: "2", priority: 100));
        nominator.Nominate(nominated, "a");
        var low = Make.Info(Make.Pod("low", cpu: "1", priority: 1));
        var higher = Make.Info(Make.Pod("higher", cpu: "1", priority: 1000));

        Assert.Null(algorithm.Schedule(low, Make.Snapshot(node)).NodeName);
        Assert.Equal("a", algorithm.Schedule(higher, Make.Snapshot(node)).NodeName);
    }
}
