using System.Net;
using System.Text.Json.Nodes;
using Bosun.IntegrationTests.Infrastructure;

namespace Bosun.IntegrationTests.Streaming;

/// <summary>The Status errors users see from pods/log, exec, attach and portforward on bad input.</summary>
public sealed class StreamingErrorTests(StreamingFixture fixture) : IClassFixture<StreamingFixture>
{
    [Theory]
    [InlineData("web/log", 400, "a container name must be specified for pod web, choose one of: [setup a b]")]
    [InlineData("p/log?container=nope", 400, "container nope is not valid for pod p")]
    [InlineData("p/log?tailLines=-1", 422, "PodLogOptions \"p\" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0")]
    [InlineData("missing/log", 404, "pods \"missing\" not found")]
    [InlineData("slow/log", 400, "container \"waiting\" in pod is waiting to start: ContainerCreating")]
    [InlineData("stray/log", 500, "no preferred addresses found; known addresses: []")]
    [InlineData("orphan/log", 404, "nodes \"no-such-node\" not found")]
    [InlineData("p/exec?stdout=true", 400, "you must specify at least 1 command")]
    [InlineData("p/exec?command=ls", 400, "you must specify at least one of stdin, stdout, stderr")]
    [InlineData("web/exec?command=ls&stdout=true", 400, "a container name must be specified for pod web, choose one of: [setup a b]")]
    [InlineData("p/exec?command=ls&stdout=true&container=nope", 400, "container nope is not valid for pod p")]
    [InlineData("pending/exec?command=ls&stdout=true", 400, "pod pending does not have a host assigned")]
    [InlineData("pending/portforward?ports=80", 400, "pod pending does not have a host assigned")]
    [InlineData("p/portforward?ports=70000", 400, "invalid port \"70000\": ports must be in the range 1-65535")]
    [InlineData("p/exec?command=ls&stdout=true", 400, "Upgrade request required")]
    public async Task Get_BadRequest_IsTheStatusKubectlShows(string path, int code, string message)
    {
        using var http = RawClient.Create(fixture.Host);

        using var response = await http.GetAsync($"/api/v1/namespaces/{fixture.Namespace}/pods/{path}");
        var body = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == code, $"{(int)response.StatusCode}: {body}");
        var status = JsonNode.Parse(body)!;
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal(message, status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_KubeletCertificateDoesNotNameTheAddress_IsRefusedBeforeAnyRequest()
    {
        using var http = RawClient.Create(fixture.Host);

        using var log = await http.GetAsync($"/api/v1/namespaces/{fixture.Namespace}/pods/misnamed/log");

        Assert.Equal(HttpStatusCode.InternalServerError, log.StatusCode);
        Assert.Contains("SSL", await log.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Kubelet.Requests, r => r.Contains("/misnamed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_LogOfPodWithoutNode_IsEmpty()
    {
        using var http = RawClient.Create(fixture.Host);

        using var response = await http.GetAsync($"/api/v1/namespaces/{fixture.Namespace}/pods/pending/log");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_Log_StreamsTheKubeletsBody()
    {
        using var http = RawClient.Create(fixture.Host);

        var body = await http.GetStringAsync($"/api/v1/namespaces/{fixture.Namespace}/pods/p/log?sinceSeconds=10&limitBytes=100&previous=true");

        Assert.Equal("log of c\nquery: ?previous=true&sinceSeconds=10&limitBytes=100\n", body);
    }

    [Fact]
    public async Task Discovery_ListsTheStreamingSubresourcesAsUpstreamDoes()
    {
        using var http = RawClient.Create(fixture.Host);

        var resources = JsonNode.Parse(await http.GetStringAsync("/api/v1"))!["resources"]!.AsArray();

        JsonNode Find(string name) => resources.Single(r => r!["name"]!.GetValue<string>() == name)!;
        Assert.Equal("PodExecOptions", Find("pods/exec")["kind"]!.GetValue<string>());
        Assert.Equal(["create", "get"], Find("pods/exec")["verbs"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("PodAttachOptions", Find("pods/attach")["kind"]!.GetValue<string>());
        Assert.Equal("PodPortForwardOptions", Find("pods/portforward")["kind"]!.GetValue<string>());
        Assert.Equal("Pod", Find("pods/log")["kind"]!.GetValue<string>());
        Assert.Equal(["get"], Find("pods/log")["verbs"]!.AsArray().Select(v => v!.GetValue<string>()));
    }
}
