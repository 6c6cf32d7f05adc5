using Bosun.Scheduler.Framework;
using Bosun.Scheduler.Plugins.NodeName;
using Bosun.Scheduler.Plugins.NodePorts;
using Bosun.Scheduler.Plugins.NodeUnschedulable;
using Bosun.Scheduler.Plugins.TaintToleration;
using Bosun.Scheduler.Tests.Infrastructure;
using k8s.Models;

namespace Bosun.Scheduler.Tests.Plugins;

/// <summary>NodeName, NodeUnschedulable, TaintToleration and NodePorts.</summary>
public sealed class SimpleFilterTests
{
    [Fact]
    public void NodeName_OtherNode_Rejected()
    {
        var pod = Make.Info(Make.Pod("p", nodeName: "n2"));

        Assert.Equal(["node(s) didn't match the requested node name"], new NodeNamePlugin().Filter(new CycleState(), pod, Make.NodeInfo(Make.Node("n1")))!.Reasons);
        Assert.Null(new NodeNamePlugin().Filter(new CycleState(), pod, Make.NodeInfo(Make.Node("n2"))));
    }

    [Fact]
    public void NodeUnschedulable_Cordoned_RejectedUnlessTolerated()
    {
        var node = Make.NodeInfo(Make.Node("n", unschedulable: true));
        var plain = Make.Pod("p");
        var tolerant = Make.Pod("t");
        tolerant.Spec.Tolerations = [new V1Toleration { Key = "node.kubernetes.io/unschedulable", OperatorProperty = "Exists", Effect = "NoSchedule" }];

        Assert.Equal(["node(s) were unschedulable"], new NodeUnschedulablePlugin().Filter(new CycleState(), Make.Info(plain), node)!.Reasons);
        Assert.Null(new NodeUnschedulablePlugin().Filter(new CycleState(), Make.Info(tolerant), node));
    }

    [Fact]
    public void TaintToleration_Untolerated_MessageNamesTaint()
    {
        var node = Make.NodeInfo(Make.Node("n", taints: [new V1Taint { Key = "node.kubernetes.io/unreachable", Effect = "NoSchedule" }]));

        var status = new TaintTolerationPlugin().Filter(new CycleState(), Make.Info(Make.Pod("p")), node);

        Assert.Equal(StatusCode.UnschedulableAndUnresolvable, status!.Code);
        Assert.Equal(["node(s) had untolerated taint {node.kubernetes.io/unreachable: }"], status.Reasons);
    }

    [Fact]
    public void TaintToleration_EqualValueAndExists_Tolerate()
    {
        var node = Make.NodeInfo(Make.Node("n", taints: [new V1Taint { Key = "dedicated", Value = "gpu", Effect = "NoExecute" }]));
        var equal = Make.Pod("e");
        equal.Spec.Tolerations = [new V1Toleration { Key = "dedicated", Value = "gpu", Effect = "NoExecute" }];
        var exists = Make.Pod("x");
        exists.Spec.Tolerations = [new V1Toleration { OperatorProperty = "Exists" }];
        var wrong = Make.Pod("w");
        wrong.Spec.Tolerations = [new V1Toleration { Key = "dedicated", Value = "cpu" }];

        var plugin = new TaintTolerationPlugin();
        Assert.Null(plugin.Filter(new CycleState(), Make.Info(equal), node));
        Assert.Null(plugin.Filter(new CycleState(), Make.Info(exists), node));
        Assert.Equal(["node(s) had untolerated taint {dedicated: gpu}"], plugin.Filter(new CycleState(), Make.Info(wrong), node)!.Reasons);
    }

    [Fact]
    public void TaintToleration_PreferNoSchedule_ScoresLower()
    {
        var plugin = new TaintTolerationPlugin();
        NodeInfo[] nodes = [Make.NodeInfo(Make.Node("a", taints: [new V1Taint { Key = "k", Effect = "PreferNoSchedule" }])), Make.NodeInfo(Make.Node("b"))];
        var pod = Make.Info(Make.Pod("p"));
        var scores = nodes.Select(n => plugin.Score(new CycleState(), pod, n)).ToArray();

        plugin.Normalize(new CycleState(), pod, nodes, scores);

        Assert.Equal([0, 100], scores);
    }

    [Theory]
    [InlineData("0.0.0.0", "TCP", 8080, "10.0.0.1", "TCP", 8080, true)]
    [InlineData("10.0.0.1", "TCP", 8080, "10.0.0.2", "TCP", 8080, false)]
    [InlineData("10.0.0.1", "TCP", 8080, "10.0.0.1", "UDP", 8080, false)]
    [InlineData("10.0.0.1", "TCP", 8080, "10.0.0.1", "TCP", 8081, false)]
    public void NodePorts_Conflicts_ByAddressProtocolAndPort(string ip1, string proto1, int port1, string ip2, string proto2, int port2, bool conflict)
    {
        var existing = Make.Pod("e");
        existing.Spec.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 1, HostPort = port1, HostIP = ip1, Protocol = proto1 }];
        var incoming = Make.Pod("i");
        incoming.Spec.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 1, HostPort = port2, HostIP = ip2, Protocol = proto2 }];

        var status = new NodePortsPlugin().Filter(new CycleState(), Make.Info(incoming), Make.NodeInfo(Make.Node("n"), existing));

        Assert.Equal(conflict, status is not null);
        if (conflict)
        {
            Assert.Equal(["node(s) didn't have free ports for the requested pod ports"], status!.Reasons);
        }
    }
}
