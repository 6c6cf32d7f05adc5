using Bosun.Controllers.ReplicaSet;
using k8s.Models;

namespace Bosun.Controllers.Tests.ReplicaSet;

public sealed class PodDeletionOrderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void PodsToDelete_UnassignedPendingNotReadyFirst()
    {
        var runningReady = Pod("running-ready", node: "n1", phase: "Running", readySince: Now.AddHours(-1));
        var runningNotReady = Pod("running-not-ready", node: "n1", phase: "Running");
        var unknown = Pod("unknown", node: "n1", phase: "Unknown");
        var pending = Pod("pending", node: "n1", phase: "Pending");
        var unassigned = Pod("unassigned", node: null, phase: "Running", readySince: Now.AddHours(-1));
        List<V1Pod> pods = [runningReady, runningNotReady, unknown, pending, unassigned];

        var order = PodDeletionOrder.PodsToDelete(pods, pods, 4, Now).Select(p => p.Metadata.Name);

        Assert.Equal(["unassigned", "pending", "unknown", "running-not-ready"], order);
    }

    [Fact]
    public void PodsToDelete_DeletionCostThenDoubledUpNodeFirst()
    {
        var cheap = Pod("cheap", node: "n1", phase: "Running", readySince: Now.AddHours(-1));
        cheap.Metadata.Annotations = new Dictionary<string, string> { [PodDeletionOrder.DeletionCostAnnotation] = "-5" };
        var alone = Pod("alone", node: "n2", phase: "Running", readySince: Now.AddHours(-1));
        var crowded = Pod("crowded", node: "n3", phase: "Running", readySince: Now.AddHours(-1));
        var sibling = Pod("sibling-of-another-rs", node: "n3", phase: "Running", readySince: Now.AddHours(-1));
        List<V1Pod> owned = [alone, crowded, cheap];

        var order = PodDeletionOrder.PodsToDelete(owned, [.. owned, sibling], 2, Now).Select(p => p.Metadata.Name);

        Assert.Equal(["cheap", "crowded"], order);
    }

    [Fact]
    public void PodsToDelete_RecentlyReadyThenRestartsThenNewest()
    {
        var longReady = Pod("long-ready", node: "n1", phase: "Running", readySince: Now.AddDays(-3));
        var justReady = Pod("just-ready", node: "n2", phase: "Running", readySince: Now.AddSeconds(-5));
        var restarting = Pod("restarting", node: "n3", phase: "Running", readySince: Now.AddDays(-3), restarts: 7);
        List<V1Pod> pods = [longReady, justReady, restarting];

        var order = PodDeletionOrder.PodsToDelete(pods, pods, 2, Now).Select(p => p.Metadata.Name);

        Assert.Equal(["just-ready", "restarting"], order);
    }

    [Fact]
    public void PodsToDelete_SameLogBucket_NewerNotPreferredOverUid()
    {
        // 100 s and 101 s of age fall in the same power-of-two bucket: the uid decides, not the second.
        var a = Pod("a", node: "n1", phase: "Pending", created: Now.AddSeconds(-100), uid: "2");
        var b = Pod("b", node: "n2", phase: "Pending", created: Now.AddSeconds(-101), uid: "1");

        var first = Assert.Single(PodDeletionOrder.PodsToDelete([a, b], [a, b], 1, Now));

        Assert.Equal("b", first.Metadata.Name);
    }

    [Fact]
    public void PodsToDelete_CountCoversAll_ReturnsAll()
    {
        var pods = new List<V1Pod> { Pod("a", "n1", "Running"), Pod("b", "n1", "Running") };

        Assert.Equal(2, PodDeletionOrder.PodsToDelete(pods, pods, 5, Now).Count);
    }

    private static V1Pod Pod(string name, string? node, string phase, DateTimeOffset? readySince = null, int restarts = 0, DateTimeOffset? created = null, string? uid = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Uid = uid ?? name, CreationTimestamp = (created ?? Now.AddDays(-10)).UtcDateTime },
        Spec = new V1PodSpec { NodeName = node },
        Status = new V1PodStatus
        {
            Phase = phase,
            Conditions = [new V1PodCondition { Type = "Ready", Status = readySince is null ? "False" : "True", LastTransitionTime = readySince?.UtcDateTime }],
            ContainerStatuses = [new V1ContainerStatus { Name = "c", RestartCount = restarts }],
        },
    };
}
