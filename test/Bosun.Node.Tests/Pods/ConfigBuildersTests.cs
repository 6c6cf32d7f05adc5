using Bosun.Node.Cni;
using Bosun.Node.Cri;
using Bosun.Node.Pods;
using Bosun.Node.Runtime;
using k8s.Models;

namespace Bosun.Node.Tests.Pods;

public class ConfigBuildersTests
{
    [Fact]
    public void Resources_SharesFromRequestQuotaAndMemoryFromLimits()
    {
        var container = new V1Container
        {
            Name = "c",
            Resources = new V1ResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m") },
                Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m"), ["memory"] = new("20Mi") },
            },
        };

        var resources = ContainerConfigBuilder.Resources(container);

        Assert.Equal(256, resources.CpuShares);
        Assert.Equal(50_000, resources.CpuQuota);
        Assert.Equal(100_000, resources.CpuPeriod);
        Assert.Equal(20 * 1024 * 1024, resources.MemoryLimitInBytes);
    }

    [Fact]
    public void Resources_NoRequests_MinimumShares() =>
        Assert.Equal(2, ContainerConfigBuilder.Resources(new V1Container { Name = "c" }).CpuShares);

    [Fact]
    public void Dns_ClusterFirst_SearchPathAndNdots()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { NamespaceProperty = "shop" }, Spec = new V1PodSpec { Containers = [] } };

        var config = new DnsSettings(["10.43.0.10"], "cluster.local").For(pod);

        Assert.Equal(["10.43.0.10"], config.Servers);
        Assert.Equal(["shop.svc.cluster.local", "svc.cluster.local", "cluster.local"], config.Searches);
        Assert.Equal(["ndots:5"], config.Options);
    }

    [Fact]
    public void Dns_NoneWithDnsConfig_OnlyWhatThePodSays()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { NamespaceProperty = "shop" },
            Spec = new V1PodSpec
            {
                Containers = [],
                DnsPolicy = "None",
                DnsConfig = new V1PodDNSConfig { Nameservers = ["127.0.0.53"], Searches = ["example.test"], Options = [new V1PodDNSConfigOption { Name = "ndots", Value = "2" }] },
            },
        };

        var config = new DnsSettings(["10.43.0.10"], "cluster.local").For(pod);

        Assert.Equal(["127.0.0.53"], config.Servers);
        Assert.Equal(["example.test"], config.Searches);
        Assert.Equal(["ndots:2"], config.Options);
    }

    [Fact]
    public void Sandbox_LabelsFindThePodAgainAndHostPortsMap()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "u1", Labels = new Dictionary<string, string> { ["app"] = "web" } },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Ports = [new V1ContainerPort { ContainerPort = 80, HostPort = 8080 }] }] },
        };

        var config = SandboxConfigBuilder.Build(pod, 1, new PodPaths("/p", "/l"), new DnsSettings([], "cluster.local", "/nonexistent"));

        Assert.Equal("u1", config.Labels[RuntimeLabels.PodUid]);
        Assert.Equal("web", config.Labels["app"]);
        Assert.Equal(RuntimeLabels.ManagedByValue, config.Labels[RuntimeLabels.ManagedBy]);
        Assert.Equal(1u, config.Metadata.Attempt);
        Assert.Equal("/l/default_web_u1", config.LogDirectory);
        Assert.Equal("/bosun/podu1", config.Linux.CgroupParent);
        var mapping = Assert.Single(config.PortMappings);
        Assert.Equal((80, 8080, Protocol.Tcp), (mapping.ContainerPort, mapping.HostPort, mapping.Protocol));
    }

    [Fact]
    public void CniConfig_NoDefaultRouteNoMasquerade()
    {
        var text = new CniNetworkConfig { PodCidr = "10.42.1.0/24", ClusterCidr = "10.42.0.0/16", ServiceCidr = "10.43.0.0/16", IpamDataDirectory = "/x" }.Render();
        var document = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        var bridge = document["plugins"]![0]!;

        Assert.False(bridge["ipMasq"]!.GetValue<bool>());
        var routes = bridge["ipam"]!["routes"]!.AsArray().Select(r => r!["dst"]!.GetValue<string>()).ToList();
        Assert.Equal(["10.42.0.0/16", "10.43.0.0/16"], routes);
        Assert.DoesNotContain("0.0.0.0/0", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ContainerdConfig_EverythingUnderItsDirectory()
    {
        var config = new ContainerdConfig { Directory = "/data/containerd", SandboxImage = "bosun.local/pause:3.9", InsecureRegistries = ["127.0.0.1:5000"] };

        var text = config.Render();

        Assert.Contains("root = \"/data/containerd/root\"", text, StringComparison.Ordinal);
        Assert.Contains("address = \"/data/containerd/containerd.sock\"", text, StringComparison.Ordinal);
        Assert.Contains("sandbox_image = \"bosun.local/pause:3.9\"", text, StringComparison.Ordinal);
        Assert.Contains("restrict_oom_score_adj = true", text, StringComparison.Ordinal);
        Assert.Contains("endpoint = [\"http://127.0.0.1:5000\"]", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("busybox", "Always")]
    [InlineData("busybox:latest", "Always")]
    [InlineData("bosun.local/busybox:1.36", "IfNotPresent")]
    [InlineData("127.0.0.1:5000/x", "Always")]
    [InlineData("127.0.0.1:5000/x:1", "IfNotPresent")]
    [InlineData("x@sha256:abc", "IfNotPresent")]
    public void ImagePullPolicy_Default(string image, string policy) => Assert.Equal(policy, ImagePuller.DefaultPolicy(image));
}
