using System.Net;
using Bosun.Controllers.NodeIpam;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Bosun.Controllers.Tests.NodeIpam;

/// <summary>
/// The node IPAM controller in a controller manager against a real in-process API server. Each test has its own
/// server: nodes are cluster-wide, and every test counts the subnets of its own cluster CIDR.
/// </summary>
public sealed class NodeIpamControllerTests
{
    [Fact]
    public async Task NewNodes_GetDistinctSubnetsOfTheClusterCidrThatCannotChangeAfterwards()
    {
        await using var cluster = await Cluster.StartAsync();
        await using var manager = cluster.StartManager();
        foreach (var name in new[] { "a", "b", "c" })
            await cluster.CreateNodeAsync(name);

        var cidrs = new List<string>();
        foreach (var name in new[] { "a", "b", "c" })
        {
            var node = await cluster.WaitForCidrAsync(name);
            Assert.Equal([node.Spec.PodCIDR], node.Spec.PodCIDRs);
            Assert.True(Ipv4Cidr.TryParse(node.Spec.PodCIDR, out var cidr));
            Assert.Equal(24, cidr.PrefixLength);
            Assert.True(Cluster.DefaultRange.Contains(cidr));
            cidrs.Add(node.Spec.PodCIDR);
        }

        Assert.Equal(3, cidrs.Distinct().Count());

        // podCIDR is immutable once set, as Kubernetes' node validation has it.
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.CoreV1.PatchNodeAsync(
            new V1Patch("""{"spec":{"podCIDR":"10.42.200.0/24","podCIDRs":["10.42.200.0/24"]}}""", V1Patch.PatchType.MergePatch), "a"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Response.StatusCode);
        using var status = System.Text.Json.JsonDocument.Parse(e.Response.Content);
        Assert.Equal(
            "Node \"a\" is invalid: spec.podCIDRs: Forbidden: node updates may not change podCIDR except from \"\" to valid",
            status.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ExistingNodes_KeepTheirCidrsWhichAreNotGivenAgain()
    {
        await using var cluster = await Cluster.StartAsync("10.42.0.0/23");
        await cluster.CreateNodeAsync("old", "10.42.0.0/24");
        // A simulated node's CIDR is outside the cluster CIDR: untouched, and it takes nothing from the range.
        await cluster.CreateNodeAsync("sim", "10.128.5.0/24");
        await using var manager = cluster.StartManager();
        await cluster.CreateNodeAsync("new");

        Assert.Equal("10.42.1.0/24", (await cluster.WaitForCidrAsync("new")).Spec.PodCIDR);
        Assert.Equal("10.42.0.0/24", (await cluster.Client.CoreV1.ReadNodeAsync("old")).Spec.PodCIDR);
        Assert.Equal("10.128.5.0/24", (await cluster.Client.CoreV1.ReadNodeAsync("sim")).Spec.PodCIDR);
    }

    [Fact]
    public async Task FullRange_NodeGetsCIDRNotAvailableThenTheCidrOfADeletedNode()
    {
        await using var cluster = await Cluster.StartAsync("10.42.0.0/23");
        await using var manager = cluster.StartManager();
        await cluster.CreateNodeAsync("a");
        await cluster.CreateNodeAsync("b");
        var freed = (await cluster.WaitForCidrAsync("a")).Spec.PodCIDR;
        await cluster.WaitForCidrAsync("b");

        await cluster.CreateNodeAsync("c");
        await Eventually.TrueAsync(
            async () => (await cluster.Client.CoreV1.ListEventForAllNamespacesAsync(fieldSelector: "involvedObject.name=c")).Items.Any(ev => ev.Reason == "CIDRNotAvailable"),
            "a CIDRNotAvailable event for node c");
        Assert.Null((await cluster.Client.CoreV1.ReadNodeAsync("c")).Spec.PodCIDR);

        await cluster.Client.CoreV1.DeleteNodeAsync("a");
        Assert.Equal(freed, (await cluster.WaitForCidrAsync("c")).Spec.PodCIDR);
    }

    [Fact]
    public async Task Restart_RebuildsFromTheNodesAndNeverGivesACidrTwice()
    {
        await using var cluster = await Cluster.StartAsync("10.42.0.0/22");
        var first = cluster.StartManager();
        await cluster.CreateNodeAsync("a");
        await cluster.CreateNodeAsync("b");
        var a = (await cluster.WaitForCidrAsync("a")).Spec.PodCIDR;
        var b = (await cluster.WaitForCidrAsync("b")).Spec.PodCIDR;
        await first.DisposeAsync();

        // Nodes created while no manager runs, then a new manager (a fresh allocator starting from the first subnet).
        await cluster.CreateNodeAsync("c");
        await cluster.CreateNodeAsync("d");
        await using var second = cluster.StartManager();
        var c = (await cluster.WaitForCidrAsync("c")).Spec.PodCIDR;
        var d = (await cluster.WaitForCidrAsync("d")).Spec.PodCIDR;

        Assert.Equal(4, new[] { a, b, c, d }.Distinct().Count());
        Assert.Equal(a, (await cluster.Client.CoreV1.ReadNodeAsync("a")).Spec.PodCIDR);
        Assert.Equal(b, (await cluster.Client.CoreV1.ReadNodeAsync("b")).Spec.PodCIDR);
    }

    /// <summary>A server of its own and managers against it that allocate from <see cref="_clusterCidr"/>.</summary>
    private sealed class Cluster : IAsyncDisposable
    {
        public static readonly Ipv4Cidr DefaultRange = Ipv4Cidr.TryParse(NodeCidrs.DefaultClusterCidr, out var cidr) ? cidr : default;

        private readonly InProcessApiServer _server = new();
        private readonly string _clusterCidr;

        private Cluster(string clusterCidr) => _clusterCidr = clusterCidr;

        public Kubernetes Client => _server.Client;

        public static async Task<Cluster> StartAsync(string clusterCidr = NodeCidrs.DefaultClusterCidr)
        {
            var cluster = new Cluster(clusterCidr);
            await cluster._server.InitializeAsync();
            return cluster;
        }

        public ControllerManager StartManager()
        {
            var manager = new ControllerManager(_server.NewClient(), new ControllerManagerOptions
            {
                Identity = $"ipam_{Guid.NewGuid():N}",
                ClusterCidr = _clusterCidr,
                LeaderElection = o => o with
                {
                    LeaseDuration = TimeSpan.FromSeconds(3),
                    RenewDeadline = TimeSpan.FromSeconds(2),
                    RetryPeriod = TimeSpan.FromMilliseconds(250),
                },
            });
            manager.Start();
            return manager;
        }

        public Task<V1Node> CreateNodeAsync(string name, string? podCidr = null) => Client.CoreV1.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1NodeSpec { PodCIDR = podCidr },
        });

        public async Task<V1Node> WaitForCidrAsync(string name)
        {
            V1Node? node = null;
            await Eventually.TrueAsync(
                async () => !string.IsNullOrEmpty((node = await Client.CoreV1.ReadNodeAsync(name)).Spec?.PodCIDR),
                $"node {name} has a pod CIDR");
            return node!;
        }

        public async ValueTask DisposeAsync() => await _server.DisposeAsync();
    }
}
