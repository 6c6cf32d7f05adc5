using Bosun.ApiServer.Routing;

namespace Bosun.ApiServer.Tests.Routing;

public class RequestInfoParserTests
{
    [Theory]
    [InlineData("GET", "/api/v1/namespaces/default/pods", "list", "", "v1", "default", "pods", "", "")]
    [InlineData("GET", "/api/v1/namespaces/default/pods/web", "get", "", "v1", "default", "pods", "web", "")]
    [InlineData("PUT", "/api/v1/namespaces/default/pods/web/status", "update", "", "v1", "default", "pods", "web", "status")]
    [InlineData("POST", "/api/v1/namespaces/default/pods/web/binding", "create", "", "v1", "default", "pods", "web", "binding")]
    [InlineData("GET", "/apis/apps/v1/deployments", "list", "apps", "v1", "", "deployments", "", "")]
    [InlineData("DELETE", "/apis/apps/v1/namespaces/ns1/deployments", "deletecollection", "apps", "v1", "ns1", "deployments", "", "")]
    [InlineData("PATCH", "/apis/apps/v1/namespaces/ns1/deployments/d/scale", "patch", "apps", "v1", "ns1", "deployments", "d", "scale")]
    [InlineData("GET", "/api/v1/namespaces/kube-system", "get", "", "v1", "", "namespaces", "kube-system", "")]
    [InlineData("PUT", "/api/v1/namespaces/kube-system/finalize", "update", "", "v1", "", "namespaces", "kube-system", "finalize")]
    [InlineData("GET", "/api/v1/nodes/n1", "get", "", "v1", "", "nodes", "n1", "")]
    [InlineData("GET", "/api/v1/watch/namespaces/default/pods", "watch", "", "v1", "default", "pods", "", "")]
    public void Parse_ResourcePaths_MatchKubernetesRequestInfo(string method, string path, string verb, string group, string version, string ns, string resource, string name, string subresource)
    {
        var info = RequestInfoParser.Parse(method, path, watchQuery: false)!;

        Assert.True(info.IsResourceRequest);
        Assert.Equal((verb, group, version, ns, resource, name, subresource), (info.Verb, info.Group, info.Version, info.Namespace, info.Resource, info.Name, info.Subresource));
    }

    [Fact]
    public void Parse_WatchQueryOnCollection_IsWatch()
    {
        Assert.Equal("watch", RequestInfoParser.Parse("GET", "/api/v1/pods", watchQuery: true)!.Verb);
    }

    [Theory]
    [InlineData("/api")]
    [InlineData("/apis")]
    [InlineData("/api/v1")]
    [InlineData("/apis/apps")]
    [InlineData("/apis/apps/v1")]
    public void Parse_DiscoveryPaths_AreNotResourceRequests(string path)
    {
        var info = RequestInfoParser.Parse("GET", path, watchQuery: false)!;

        Assert.False(info.IsResourceRequest);
        Assert.NotEmpty(info.Prefix);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/version")]
    [InlineData("/openapi/v3")]
    public void Parse_NonApiPaths_ReturnsNull(string path)
    {
        Assert.Null(RequestInfoParser.Parse("GET", path, watchQuery: false));
    }
}
