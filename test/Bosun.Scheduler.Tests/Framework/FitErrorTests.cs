using Bosun.Scheduler.Framework;

namespace Bosun.Scheduler.Tests.Framework;

public sealed class FitErrorTests
{
    [Fact]
    public void Message_GroupsCountsAndSortsLikeKubernetes()
    {
        NodeStatus[] statuses =
        [
            new("TaintToleration", StatusCode.UnschedulableAndUnresolvable, "node(s) had untolerated taint {node.kubernetes.io/unreachable: }"),
            new("NodeResourcesFit", StatusCode.Unschedulable, "Insufficient cpu"),
            new("NodeResourcesFit", StatusCode.Unschedulable, "Insufficient cpu"),
        ];

        var message = FitError.Message(3, statuses, "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");

        Assert.Equal(
            "0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
            message);
    }

    [Fact]
    public void Message_SeveralReasonsPerNode_EachCounted()
    {
        NodeStatus[] statuses = [new("NodeResourcesFit", StatusCode.Unschedulable, ["Insufficient cpu", "Insufficient memory"])];

        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory.", FitError.Message(1, statuses));
    }

    [Fact]
    public void Message_PolicyNever_NoDoubledPeriod()
    {
        NodeStatus[] statuses = [new("NodeResourcesFit", StatusCode.Unschedulable, "Insufficient cpu")];

        Assert.Equal(
            "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.",
            FitError.Message(1, statuses, "preemption: not eligible due to preemptionPolicy=Never."));
    }
}
