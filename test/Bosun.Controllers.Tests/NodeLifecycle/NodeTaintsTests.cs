using Bosun.Controllers.NodeLifecycle;
using k8s.Models;

namespace Bosun.Controllers.Tests.NodeLifecycle;

public class NodeTaintsTests
{
    private static readonly DateTime Now = new(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc);

    private static V1Node Node(string ready, bool unschedulable = false, params V1Taint[] taints) => new()
    {
        Metadata = new V1ObjectMeta { Name = "n" },
        Spec = new V1NodeSpec { Unschedulable = unschedulable, Taints = [.. taints] },
        Status = new V1NodeStatus
        {
            Conditions =
            [
                new V1NodeCondition { Type = "Ready", Status = ready },
                new V1NodeCondition { Type = "MemoryPressure", Status = "True" },
                new V1NodeCondition { Type = "DiskPressure", Status = "False" },
            ],
        },
    };

    [Theory]
    [InlineData("True", null, new[] { "node.kubernetes.io/memory-pressure" })]
    [InlineData("False", "node.kubernetes.io/not-ready", new[] { "node.kubernetes.io/not-ready", "node.kubernetes.io/memory-pressure" })]
    [InlineData("Unknown", "node.kubernetes.io/unreachable", new[] { "node.kubernetes.io/unreachable", "node.kubernetes.io/memory-pressure" })]
    public void Keys_ByReadiness_FollowTheConditions(string ready, string? noExecute, string[] noSchedule)
    {
        var node = Node(ready);
        Assert.Equal(noExecute, NodeTaints.NoExecuteKey(node));
        Assert.Equal(noSchedule, NodeTaints.NoScheduleKeys(node));
    }

    [Fact]
    public void NoScheduleKeys_CordonedNode_HasTheUnschedulableTaint() =>
        Assert.Contains("node.kubernetes.io/unschedulable", NodeTaints.NoScheduleKeys(Node("True", unschedulable: true)));

    [Fact]
    public void Reconcile_NewNoExecuteTaint_IsStampedAndOtherTaintsStay()
    {
        var user = new V1Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" };
        var result = NodeTaints.Reconcile([user], ["node.kubernetes.io/unreachable"], "node.kubernetes.io/unreachable", Now);

        Assert.NotNull(result);
        Assert.Contains(user, result);
        var noExecute = Assert.Single(result, t => t.Effect == "NoExecute");
        Assert.Equal(Now, noExecute.TimeAdded);
        Assert.Null(Assert.Single(result, t => t.Key == "node.kubernetes.io/unreachable" && t.Effect == "NoSchedule").TimeAdded);
    }

    [Fact]
    public void Reconcile_NodeBackToReady_RemovesOnlyManagedTaints()
    {
        var user = new V1Taint { Key = "node.kubernetes.io/unreachable", Effect = "PreferNoSchedule" };
        var managed = new V1Taint { Key = "node.kubernetes.io/unreachable", Effect = "NoExecute", TimeAdded = Now };
        var result = NodeTaints.Reconcile([user, managed], [], null, Now);
        Assert.Equal([user], result);
    }

    [Fact]
    public void Reconcile_NothingToChange_ReturnsNullAndKeepsTimeAdded()
    {
        var earlier = Now.AddMinutes(-3);
        var taints = new List<V1Taint>
        {
            new() { Key = "node.kubernetes.io/not-ready", Effect = "NoSchedule" },
            new() { Key = "node.kubernetes.io/not-ready", Effect = "NoExecute", TimeAdded = earlier },
        };
        Assert.Null(NodeTaints.Reconcile(taints, ["node.kubernetes.io/not-ready"], "node.kubernetes.io/not-ready", Now));
    }
}
