using Bosun.Scheduler.Cache;
using Bosun.Scheduler.Framework;
using Bosun.Scheduler.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Bosun.Scheduler.Tests.Cache;

public sealed class SchedulerCacheTests
{
    private readonly FakeTimeProvider _time = new();

    private SchedulerCache NewCache(params string[] nodes)
    {
        var cache = new SchedulerCache(_time);
        foreach (var n in nodes)
        {
            cache.AddOrUpdateNode(Make.Node(n, cpu: "2"));
        }

        return cache;
    }

    private static NodeInfo NodeIn(SchedulerCache cache, string name)
    {
        var snapshot = new Snapshot();
        cache.UpdateSnapshot(snapshot);
        return snapshot.Get(name)!;
    }

    [Fact]
    public void AssumePod_NextSnapshotSeesRequests()
    {
        var cache = NewCache("n");
        var snapshot = new Snapshot();
        cache.UpdateSnapshot(snapshot);

        cache.AssumePod(Make.Info(Make.Pod("p", cpu: "1")), "n");
        cache.UpdateSnapshot(snapshot);

        Assert.Equal(1000, snapshot.Get("n")!.Requested.MilliCpu);
        Assert.Single(snapshot.Get("n")!.Pods);
    }

    [Fact]
    public void ForgetPod_FreesTheSpace()
    {
        var cache = NewCache("n");
        var pod = Make.Info(Make.Pod("p", cpu: "1"));
        cache.AssumePod(pod, "n");

        cache.ForgetPod(pod.Uid);

        Assert.Equal(0, NodeIn(cache, "n").Requested.MilliCpu);
    }

    [Fact]
    public void AddPod_ConfirmsAssumption_WithoutDoubleCounting()
    {
        var cache = NewCache("n");
        var pod = Make.Pod("p", cpu: "1");
        cache.AssumePod(Make.Info(pod), "n");
        cache.FinishBinding(pod.Metadata.Uid);
        pod.Spec.NodeName = "n";

        cache.AddPod(Make.Info(pod));
        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(0, cache.CleanupExpired());
        Assert.False(cache.IsAssumed(pod.Metadata.Uid));
        Assert.Equal(1000, NodeIn(cache, "n").Requested.MilliCpu);
    }

    [Fact]
    public void CleanupExpired_BoundButNeverConfirmed_Expires()
    {
        var cache = NewCache("n");
        var pod = Make.Info(Make.Pod("p", cpu: "1"));
        cache.AssumePod(pod, "n");
        cache.FinishBinding(pod.Uid);

        _time.Advance(SchedulerCache.AssumedPodTtl - TimeSpan.FromSeconds(1));
        Assert.Equal(0, cache.CleanupExpired());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, cache.CleanupExpired());

        Assert.Equal(0, NodeIn(cache, "n").Requested.MilliCpu);
    }

    [Fact]
    public void CleanupExpired_BindStillRunning_NeverExpires()
    {
        var cache = NewCache("n");
        cache.AssumePod(Make.Info(Make.Pod("p", cpu: "1")), "n");

        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, cache.CleanupExpired());
    }

    [Fact]
    public void PodOnUnknownNode_NotInSnapshotUntilNodeArrives()
    {
        var cache = NewCache();
        cache.AddPod(Make.Info(Make.Pod("p", cpu: "1", nodeName: "late")));
        var snapshot = new Snapshot();
        cache.UpdateSnapshot(snapshot);
        Assert.Empty(snapshot.Nodes);

        cache.AddOrUpdateNode(Make.Node("late"));
        cache.UpdateSnapshot(snapshot);

        Assert.Equal(1000, Assert.Single(snapshot.Nodes).Requested.MilliCpu);
    }

    [Fact]
    public void RemoveNode_LeavesSnapshot()
    {
        var cache = NewCache("a", "b");
        var snapshot = new Snapshot();
        cache.UpdateSnapshot(snapshot);

        cache.RemoveNode("a");
        cache.UpdateSnapshot(snapshot);

        Assert.Equal("b", Assert.Single(snapshot.Nodes).Name);
    }

    [Fact]
    public void UpdateSnapshot_PodsWithAntiAffinityComeAndGo_ListsFollowWithoutFullRebuild()
    {
        var cache = NewCache("a", "b");
        var snapshot = new Snapshot();
        cache.UpdateSnapshot(snapshot);
        var pod = Make.Pod("p");
        pod.Spec.Affinity = new k8s.Models.V1Affinity
        {
            PodAntiAffinity = new k8s.Models.V1PodAntiAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = [new k8s.Models.V1PodAffinityTerm { TopologyKey = "kubernetes.io/hostname", LabelSelector = new k8s.Models.V1LabelSelector() }],
            },
        };
        var info = Make.Info(pod);

        cache.AssumePod(info, "b");
        cache.UpdateSnapshot(snapshot);
        Assert.Equal("b", Assert.Single(snapshot.HavePodsWithRequiredAntiAffinity).Name);
        Assert.Single(snapshot.HavePodsWithAffinity);

        cache.ForgetPod(info.Uid);
        cache.UpdateSnapshot(snapshot);
        Assert.Empty(snapshot.HavePodsWithRequiredAntiAffinity);
        Assert.Empty(snapshot.HavePodsWithAffinity);
    }

    [Fact]
    public void UpdateSnapshot_NodeLabelsChange_Seen()
    {
        var cache = NewCache("a");
        var snapshot = new Snapshot();
        cache.UpdateSnapshot(snapshot);

        cache.AddOrUpdateNode(Make.Node("a", labels: Make.Labels("zone=z9")));
        cache.UpdateSnapshot(snapshot);

        Assert.Equal("z9", snapshot.Get("a")!.Labels["zone"]);
    }

    [Fact]
    public void UpdateSnapshot_CopiesNodes_LaterCacheChangesDoNotLeakIn()
    {
        var cache = NewCache("n");
        var snapshot = new Snapshot();
        cache.UpdateSnapshot(snapshot);
        var before = snapshot.Get("n")!;

        cache.AssumePod(Make.Info(Make.Pod("p", cpu: "1")), "n");

        Assert.Equal(0, before.Requested.MilliCpu);
    }
}
