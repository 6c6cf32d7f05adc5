using Bosun.Controllers.Tests.Infrastructure;
using Bosun.Node.Simulated;
using k8s;
using k8s.Models;

namespace Bosun.Controllers.Tests.NodeLifecycle;

/// <summary>Node lifecycle, taint eviction and pod GC against simulated kubelets that heartbeat through the API.</summary>
public sealed class NodeLifecycleControllerTests(ControlPlaneFixture fx) : IClassFixture<ControlPlaneFixture>
{
    [Fact]
    public async Task SilentNode_IsMarkedUnknownTaintedAndItsPodsEvictedAsTheirTolerationsSay()
    {
        await using var fleet = await StartFleetAsync("silent-", 2);
        var ns = await fx.CreateNamespaceAsync("nl");
        await CreatePodAsync(ns, "short", "silent-0", new V1Toleration { Key = "node.kubernetes.io/unreachable", OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = 0 });
        await CreatePodAsync(ns, "forever", "silent-0", new V1Toleration { Key = "node.kubernetes.io/unreachable", OperatorProperty = "Exists", Effect = "NoExecute" });
        await CreatePodAsync(ns, "defaulted", "silent-0");
        await CreatePodAsync(ns, "elsewhere", "silent-1");
        foreach (var name in new[] { "short", "forever", "defaulted", "elsewhere" })
        {
            await Eventually.TrueAsync(async () => IsReady(await fx.Client.CoreV1.ReadNamespacedPodAsync(name, ns)), $"pod {name} Ready");
        }

        await AnnotateAsync("silent-0", "\"true\"");

        await Eventually.TrueAsync(async () => ReadyOf(await fx.Client.CoreV1.ReadNodeAsync("silent-0")) is { Status: "Unknown", Reason: "NodeStatusUnknown" }, "silent-0 Ready=Unknown");
        await Eventually.TrueAsync(
            async () => (await fx.Client.CoreV1.ReadNodeAsync("silent-0")).Spec.Taints?.Any(t => t.Key == "node.kubernetes.io/unreachable" && t.Effect == "NoExecute" && t.TimeAdded is not null) == true,
            "unreachable NoExecute taint");
        await Eventually.TrueAsync(async () => (await fx.Client.CoreV1.ReadNamespacedPodAsync("short", ns)).Metadata.DeletionTimestamp is not null, "pod short evicted");
        var evicted = await fx.Client.CoreV1.ReadNamespacedPodAsync("short", ns);
        Assert.Equal("DeletionByTaintManager", evicted.Status.Conditions.Single(c => c.Type == "DisruptionTarget").Reason);
        await Eventually.TrueAsync(async () => !IsReady(await fx.Client.CoreV1.ReadNamespacedPodAsync("forever", ns)), "pods on the silent node marked not Ready");

        // Tolerated (forever / 300 s) pods stay; the healthy node is untouched.
        Assert.Null((await fx.Client.CoreV1.ReadNamespacedPodAsync("forever", ns)).Metadata.DeletionTimestamp);
        Assert.Null((await fx.Client.CoreV1.ReadNamespacedPodAsync("defaulted", ns)).Metadata.DeletionTimestamp);
        Assert.True(IsReady(await fx.Client.CoreV1.ReadNamespacedPodAsync("elsewhere", ns)));
        Assert.Null((await fx.Client.CoreV1.ReadNodeAsync("silent-1")).Spec.Taints);

        await AnnotateAsync("silent-0", "null");
        await Eventually.TrueAsync(
            async () => (await fx.Client.CoreV1.ReadNodeAsync("silent-0")) is var n && ReadyOf(n)?.Status == "True" && n.Spec.Taints is null,
            "silent-0 Ready again without taints");
        // Its kubelet reports the surviving pods Ready again.
        await Eventually.TrueAsync(async () => IsReady(await fx.Client.CoreV1.ReadNamespacedPodAsync("forever", ns)), "pod forever Ready again");
    }

    [Fact]
    public async Task TaintWithoutTimeAdded_PodIsEvictedWhenItsTolerationRunsOut()
    {
        await using var fleet = await StartFleetAsync("manual-", 1);
        var ns = await fx.CreateNamespaceAsync("nl-manual");
        await CreatePodAsync(ns, "brief", "manual-0", new V1Toleration { Key = "maintenance", OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = 1 });
        await CreatePodAsync(ns, "stays", "manual-0", new V1Toleration { Key = "maintenance", OperatorProperty = "Exists", Effect = "NoExecute" });

        // As `kubectl taint` writes it: no timeAdded.
        await PatchNodeAsync("manual-0", """{"spec":{"taints":[{"key":"maintenance","effect":"NoExecute"}]}}""");

        await Eventually.GoneAsync(() => Reads.OrNullAsync(() => fx.Client.CoreV1.ReadNamespacedPodAsync("brief", ns)), "pod brief evicted (and its deletion finished)");
        Assert.Null((await fx.Client.CoreV1.ReadNamespacedPodAsync("stays", ns)).Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task CordonedNode_GetsTheUnschedulableTaintUntilUncordoned()
    {
        await using var fleet = await StartFleetAsync("cordon-", 1);
        await PatchNodeAsync("cordon-0", """{"spec":{"unschedulable":true}}""");
        await Eventually.TrueAsync(
            async () => (await fx.Client.CoreV1.ReadNodeAsync("cordon-0")).Spec.Taints?.Any(t => t.Key == "node.kubernetes.io/unschedulable" && t.Effect == "NoSchedule") == true,
            "unschedulable taint");
        await PatchNodeAsync("cordon-0", """{"spec":{"unschedulable":null}}""");
        await Eventually.TrueAsync(async () => (await fx.Client.CoreV1.ReadNodeAsync("cordon-0")).Spec.Taints is null, "taint removed");
    }

    [Fact]
    public async Task PodOfADeletedNode_IsMarkedFailedAndCollected()
    {
        var ns = await fx.CreateNamespaceAsync("podgc");
        await CreatePodAsync(ns, "orphan", "no-such-node");

        await Eventually.GoneAsync(() => Reads.OrNullAsync(() => fx.Client.CoreV1.ReadNamespacedPodAsync("orphan", ns)), "pod of a missing node collected");
    }

    private async Task<SimulatedFleetRun> StartFleetAsync(string prefix, int count)
    {
        var run = SimulatedFleetRun.Start(fx.NewClient(), new SimulatedNodeOptions
        {
            NamePrefix = prefix,
            Count = count,
            LeaseRenewInterval = TimeSpan.FromMilliseconds(250),
        });
        await run.Registered.WaitAsync(TimeSpan.FromSeconds(30));
        return run;
    }

    private Task<V1Pod> CreatePodAsync(string ns, string name, string node, params V1Toleration[] tolerations) =>
        fx.Client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = name },
                Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "c", Image = "busybox" }], Tolerations = tolerations.Length > 0 ? [.. tolerations] : null },
            },
            ns);

    private Task<V1Node> AnnotateAsync(string node, string value) =>
        PatchNodeAsync(node, """{"metadata":{"annotations":{"node.bosun.dev/simulate-stop-heartbeat":""" + value + "}}}");

    private Task<V1Node> PatchNodeAsync(string node, string patch) =>
        fx.Client.CoreV1.PatchNodeAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), node);

    private static V1NodeCondition? ReadyOf(V1Node node) => node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");

    private static bool IsReady(V1Pod pod) => pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
}
