using System.Text.Json.Nodes;
using Bosun.Api.Errors;
using Bosun.ApiServer.Kubelets;

namespace Bosun.ApiServer.Tests.Kubelets;

public sealed class KubeletLocatorTests
{
    [Fact]
    public void HostOf_SeveralTypes_PrefersInternalIp()
    {
        var node = Node("""[{"type":"Hostname","address":"n1"},{"type":"ExternalIP","address":"1.2.3.4"},{"type":"InternalIP","address":"10.0.0.1"}]""");

        Assert.Equal("10.0.0.1", KubeletLocator.HostOf(node));
    }

    [Fact]
    public void HostOf_Ipv6_IsBracketed()
    {
        Assert.Equal("[fd00::1]", KubeletLocator.HostOf(Node("""[{"type":"InternalIP","address":"fd00::1"}]""")));
    }

    [Fact]
    public void HostOf_OnlyHostname_UsesIt()
    {
        Assert.Equal("n1", KubeletLocator.HostOf(Node("""[{"type":"Hostname","address":"n1"}]""")));
    }

    [Fact]
    public void HostOf_NoAddresses_Is500NamingWhatIsKnown()
    {
        var error = Assert.Throws<ApiException>(() => KubeletLocator.HostOf(Node("""[{"type":"Weird","address":"x"}]""")));

        Assert.Equal(500, error.Code);
        Assert.Equal("no preferred addresses found; known addresses: [{Weird x}]", error.Message);
    }

    [Fact]
    public void PortOf_NoEndpoint_IsTheKubeletDefault()
    {
        Assert.Equal(10250, KubeletLocator.PortOf(Node("[]")));
        var node = Node("[]");
        node["status"]!["daemonEndpoints"] = JsonNode.Parse("""{"kubeletEndpoint":{"Port":12345}}""");
        Assert.Equal(12345, KubeletLocator.PortOf(node));
    }

    private static JsonObject Node(string addresses) =>
        new() { ["metadata"] = new JsonObject { ["name"] = "n1" }, ["status"] = new JsonObject { ["addresses"] = JsonNode.Parse(addresses) } };
}
