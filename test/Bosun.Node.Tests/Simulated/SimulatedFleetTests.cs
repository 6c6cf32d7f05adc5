using Bosun.Node.Simulated;
using Bosun.Testing;
using k8s;
using k8s.Models;

namespace Bosun.Node.Tests.Simulated;

/// <summary>The simulator against a real in-process API server.</summary>
public sealed class SimulatedFleetTests(InProcessApiServer server) : IClassFixture<InProcessApiServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunAsync_NewFleet_RegistersReadyNodesWhoseLeasesRenew()
    {
        var options = Options("reg-", 3) with { Zones = 2 };
        await using var run = await StartAsync(options);

        var nodes = (await server.Client.CoreV1.ListNodeAsync(labelSelector: "node.bosun.dev/simulated=true")).Items.Where(n => n.Metadata.Name.StartsWith("reg-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["reg-0", "reg-1", "reg-2"], nodes.Select(n => n.Metadata.Name).Order());
        Assert.All(nodes, n => Assert.Equal("True", n.Status.Conditions.Single(c => c.Type == "Ready").Status));
        Assert.Equal("zone-1", nodes.Single(n => n.Metadata.Name == "reg-1").Metadata.Labels["topology.kubernetes.io/zone"]);
        Assert.Equal("110", nodes[0].Status.Allocatable["pods"].ToString());

        var first = await RenewTimeAsync("reg-0");
        await Eventually.TrueAsync(async () => await RenewTimeAsync("reg-0") > first, "the lease of reg-0 renewed");
        var lease = await server.Client.CoordinationV1.ReadNamespacedLeaseAsync("reg-0", "kube-node-lease");
        Assert.Equal(40, lease.Spec.LeaseDurationSeconds);
        Assert.Equal("Node", lease.Metadata.OwnerReferences.Single().Kind);
    }

    [Fact]
    public async Task RunAsync_PodBoundToANode_RunsWithAnAddressAndFinishesItsDeletion()
    {
        await using var run = await StartAsync(Options("pods-", 2));
        var ns = await server.CreateNamespaceAsync("sim");
        await server.Client.CoreV1.CreateNamespacedPodAsync(Pod("web", "pods-1"), ns);

        await Eventually.TrueAsync(async () => (await server.Client.CoreV1.ReadNamespacedPodAsync("web", ns)).Status?.Phase == "Running", "pod web Running");
        var pod = await server.Client.CoreV1.ReadNamespacedPodAsync("web", ns);
        Assert.StartsWith("10.128.1.", pod.Status.PodIP, StringComparison.Ordinal);
        Assert.Equal("198.18.0.2", pod.Status.HostIP);
        Assert.Equal("True", pod.Status.Conditions.Single(c => c.Type == "Ready").Status);

        // An ordinary delete (30 s grace) ends when the "kubelet" confirms the containers stopped.
        await server.Client.CoreV1.DeleteNamespacedPodAsync("web", ns);
        await Eventually.TrueAsync(async () => (await server.Client.CoreV1.ListNamespacedPodAsync(ns)).Items.Count == 0, "pod web gone");
    }

    [Fact]
    public async Task RunAsync_StopHeartbeatAnnotation_SilencesTheNodeUntilRemoved()
    {
        var options = Options("fail-", 1);
        await using var run = await StartAsync(options);
        await Annotate("fail-0", "\"true\"");
        // Give a renewal in flight time to land, then the lease must stand still over several renew intervals.
        await Task.Delay(options.LeaseRenewInterval * 3);
        var stopped = await RenewTimeAsync("fail-0");
        await Task.Delay(options.LeaseRenewInterval * 5);
        Assert.Equal(stopped, await RenewTimeAsync("fail-0"));

        await Annotate("fail-0", "null");
        await Eventually.TrueAsync(async () => await RenewTimeAsync("fail-0") > stopped, "heartbeats resumed");
    }

    [Fact]
    public async Task RunAsync_Restarted_AdoptsItsNodesAndKeepsPodAddresses()
    {
        var options = Options("again-", 1);
        var ns = await server.CreateNamespaceAsync("sim");
        string ip;
        await using (var first = await StartAsync(options))
        {
            await server.Client.CoreV1.CreateNamespacedPodAsync(Pod("a", "again-0"), ns);
            await Eventually.TrueAsync(async () => (await server.Client.CoreV1.ReadNamespacedPodAsync("a", ns)).Status?.PodIP is not null, "pod a has an address");
            ip = (await server.Client.CoreV1.ReadNamespacedPodAsync("a", ns)).Status.PodIP;
        }

        await using var second = await StartAsync(options);
        await server.Client.CoreV1.CreateNamespacedPodAsync(Pod("b", "again-0"), ns);
        await Eventually.TrueAsync(async () => (await server.Client.CoreV1.ReadNamespacedPodAsync("b", ns)).Status?.PodIP is not null, "pod b has an address");
        var other = (await server.Client.CoreV1.ReadNamespacedPodAsync("b", ns)).Status.PodIP;
        Assert.NotEqual(ip, other);
        Assert.Equal(ip, (await server.Client.CoreV1.ReadNamespacedPodAsync("a", ns)).Status.PodIP);
    }

    private static SimulatedNodeOptions Options(string prefix, int count) => new()
    {
        NamePrefix = prefix,
        Count = count,
        LeaseRenewInterval = TimeSpan.FromMilliseconds(200),
    };

    private static V1Pod Pod(string name, string node) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "c", Image = "busybox" }] },
    };

    private async Task<SimulatedFleetRun> StartAsync(SimulatedNodeOptions options)
    {
        var run = SimulatedFleetRun.Start(server.NewClient(), options);
        await run.Registered.WaitAsync(Timeout);
        return run;
    }

    private async Task<DateTime?> RenewTimeAsync(string node) =>
        (await server.Client.CoordinationV1.ReadNamespacedLeaseAsync(node, "kube-node-lease")).Spec.RenewTime;

    private Task<V1Node> Annotate(string node, string value) =>
        server.Client.CoreV1.PatchNodeAsync(
            new V1Patch("""{"metadata":{"annotations":{"node.bosun.dev/simulate-stop-heartbeat":""" + value + "}}}", V1Patch.PatchType.MergePatch), node);
}
