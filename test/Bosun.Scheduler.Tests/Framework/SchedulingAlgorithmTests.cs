using Bosun.Scheduler.Framework;
using Bosun.Scheduler.Tests.Infrastructure;

namespace Bosun.Scheduler.Tests.Framework;

public sealed class SchedulingAlgorithmTests
{
    [Theory]
    [InlineData(50, 50)]
    [InlineData(100, 100)]
    [InlineData(500, 230)]
    [InlineData(1000, 420)]
    [InlineData(5000, 500)]
    [InlineData(6000, 300)]
    [InlineData(10000, 500)]
    public void NumFeasibleNodesToFind_AdaptiveLikeUpstream(int nodes, int expected)
    {
        Assert.Equal(expected, SchedulingAlgorithm.NumFeasibleNodesToFind(nodes));
    }

    [Fact]
    public void Schedule_PicksLeastAllocatedNode()
    {
        var algorithm = new SchedulingAlgorithm(new Nominator());
        var busy = Make.NodeInfo(Make.Node("busy", cpu: "4"), Make.Pod("x", cpu: "3"));
        var idle = Make.NodeInfo(Make.Node("idle", cpu: "4"));

        var result = algorithm.Schedule(Make.Info(Make.Pod("p", cpu: "500m")), Make.Snapshot(busy, idle));

        Assert.Equal("idle", result.NodeName);
    }

    [Fact]
    public void Schedule_NothingFits_StatusPerNodeForTheMessage()
    {
        var algorithm = new SchedulingAlgorithm(new Nominator());
        var tainted = Make.NodeInfo(Make.Node("t", taints: [new k8s.Models.V1Taint { Key = "node.kubernetes.io/unreachable", Effect = "NoExecute" }]));
        var small1 = Make.NodeInfo(Make.Node("s1", cpu: "1"));
        var small2 = Make.NodeInfo(Make.Node("s2", cpu: "1"));

        var result = algorithm.Schedule(Make.Info(Make.Pod("p", cpu: "2")), Make.Snapshot(tainted, small1, small2));

        Assert.Null(result.NodeName);
        Assert.Equal(
            "0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 2 Insufficient cpu.",
            FitError.Message(3, result.Statuses));
    }

    [Fact]
    public void Schedule_ManyNodes_StopsAfterEnoughFeasibleAndRotatesStart()
    {
        var algorithm = new SchedulingAlgorithm(new Nominator());
        var nodes = Enumerable.Range(0, 1000).Select(i => Make.NodeInfo(Make.Node($"n{i:D4}"))).ToArray();
        var snapshot = Make.Snapshot(nodes);

        var first = algorithm.Schedule(Make.Info(Make.Pod("a")), snapshot);
        var second = algorithm.Schedule(Make.Info(Make.Pod("b")), snapshot);

        Assert.Equal(420, first.FeasibleNodes);
        Assert.InRange(first.EvaluatedNodes, 420, 1000);
        Assert.Equal(420, second.FeasibleNodes);
        Assert.NotNull(second.NodeName);
    }

    [Fact]
    public void Schedule_AntiAffinityGroup_OnePerNode()
    {
        var algorithm = new SchedulingAlgorithm(new Nominator());
        var nodes = Enumerable.Range(0, 3).Select(i => Make.NodeInfo(Make.Node($"n{i}"))).ToList();
        var placed = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var pod = Make.Pod($"p{i}", labels: Make.Labels("app=web"));
            pod.Spec.Affinity = new k8s.Models.V1Affinity
            {
                PodAntiAffinity = new k8s.Models.V1PodAntiAffinity
                {
                    RequiredDuringSchedulingIgnoredDuringExecution =
                    [
                        new k8s.Models.V1PodAffinityTerm { TopologyKey = "kubernetes.io/hostname", LabelSelector = new k8s.Models.V1LabelSelector { MatchLabels = Make.Labels("app=web") } },
                    ],
                },
            };
            var info = Make.Info(pod);
            var result = algorithm.Schedule(info, Make.Snapshot([.. nodes]));
            if (result.NodeName is { } name)
            {
                nodes.Single(n => n.Name == name).AddPod(info);
                placed.Add(name);
            }
            else
            {
                Assert.Equal(3, i);
                Assert.Equal("0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.", FitError.Message(3, result.Statuses));
            }
        }

        Assert.Equal(3, placed.Distinct().Count());
    }
}
