using System.Text.Json.Nodes;
using Bosun.Api.Strategies;

namespace Bosun.Api.Tests.Strategies;

public class ServiceStrategyTests
{
    private static JsonObject Service(string spec) => JsonNode.Parse("""{"metadata":{"name":"s"},"spec":""" + spec + "}")!.AsObject();

    private static JsonObject Defaulted(string spec)
    {
        var service = Service(spec);
        ServiceStrategy.Instance.ApplyDefaults(service);
        return service;
    }

    [Fact]
    public void ApplyDefaults_ClusterIP_GetsSingleStackIPv4AndClusterTrafficPolicy()
    {
        var spec = Defaulted("""{"selector":{"app":"a"},"ports":[{"port":80}]}""")["spec"]!;

        Assert.Equal("ClusterIP", spec["type"]!.GetValue<string>());
        Assert.Equal("SingleStack", spec["ipFamilyPolicy"]!.GetValue<string>());
        Assert.Equal("""["IPv4"]""", spec["ipFamilies"]!.ToJsonString());
        Assert.Equal("Cluster", spec["internalTrafficPolicy"]!.GetValue<string>());
        Assert.Null(spec["externalTrafficPolicy"]);
        Assert.Null(spec["clusterIP"]);
        Assert.Equal("""{"port":80,"protocol":"TCP","targetPort":80}""", spec["ports"]![0]!.ToJsonString());
    }

    [Theory]
    [InlineData("NodePort")]
    [InlineData("LoadBalancer")]
    public void ApplyDefaults_NodePortOrLoadBalancer_GetsExternalTrafficPolicyCluster(string type)
    {
        var spec = Defaulted("""{"type":"TYPE","ports":[{"port":80}]}""".Replace("TYPE", type, StringComparison.Ordinal))["spec"]!;

        Assert.Equal("Cluster", spec["externalTrafficPolicy"]!.GetValue<string>());
        Assert.Null(spec["ports"]![0]!["nodePort"]);
        Assert.Equal(type == "LoadBalancer", spec["allocateLoadBalancerNodePorts"] is not null);
    }

    [Fact]
    public void ApplyDefaults_HeadlessWithoutSelector_RequiresDualStack()
    {
        var spec = Defaulted("""{"clusterIP":"None"}""")["spec"]!;

        Assert.Equal("RequireDualStack", spec["ipFamilyPolicy"]!.GetValue<string>());
        Assert.Equal("""["IPv4","IPv6"]""", spec["ipFamilies"]!.ToJsonString());
        Assert.Equal("""["None"]""", spec["clusterIPs"]!.ToJsonString());
    }

    [Fact]
    public void ApplyDefaults_ExternalName_GetsNoFamiliesOrTrafficPolicy()
    {
        var spec = Defaulted("""{"type":"ExternalName","externalName":"example.com"}""")["spec"]!;

        Assert.Null(spec["ipFamilies"]);
        Assert.Null(spec["internalTrafficPolicy"]);
        Assert.Empty(ServiceStrategy.Instance.Validate(Defaulted("""{"type":"ExternalName","externalName":"example.com"}""")));
    }

    [Fact]
    public void ApplyDefaults_ClientIPAffinity_GetsTimeout()
    {
        var spec = Defaulted("""{"sessionAffinity":"ClientIP","ports":[{"port":80}]}""")["spec"]!;

        Assert.Equal(10800, spec["sessionAffinityConfig"]!["clientIP"]!["timeoutSeconds"]!.GetValue<int>());
    }

    [Fact]
    public void Validate_TwoPortsWithoutNames_RequiresNames()
    {
        var causes = ServiceStrategy.Instance.Validate(Defaulted("""{"ports":[{"port":80},{"port":443}]}""")).ToList();

        Assert.Contains(causes, c => c.Field == "spec.ports[0].name" && c.Message == "Required value");
        Assert.Contains(causes, c => c.Field == "spec.ports[1].name" && c.Message == "Required value");
    }

    [Fact]
    public void Validate_DuplicatePortNamesAndNumbers_AreDuplicates()
    {
        var causes = ServiceStrategy.Instance.Validate(Defaulted("""{"ports":[{"name":"a","port":80},{"name":"a","port":80}]}""")).ToList();

        Assert.Contains(causes, c => c.Field == "spec.ports[1].name" && c.Message == "Duplicate value: \"a\"");
        Assert.Contains(causes, c => c.Field == "spec.ports[1]" && c.Message.StartsWith("Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadTypeAndPort_AreReportedInKubernetesWords()
    {
        var causes = ServiceStrategy.Instance.Validate(Defaulted("""{"type":"Magic","ports":[{"port":70000}]}""")).ToList();

        Assert.Contains(causes, c => c.Field == "spec.type" && c.Message == "Unsupported value: \"Magic\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"");
        Assert.Contains(causes, c => c.Field == "spec.ports[0].port" && c.Message == "Invalid value: 70000: must be between 1 and 65535, inclusive");
    }

    [Fact]
    public void ValidateUpdate_ChangedClusterIP_IsImmutable()
    {
        var old = Defaulted("""{"clusterIP":"10.0.0.5","ports":[{"port":80}]}""");
        var changed = Defaulted("""{"clusterIP":"10.0.0.6","ports":[{"port":80}]}""");

        var cause = Assert.Single(ServiceStrategy.Instance.ValidateUpdate(changed, old));

        Assert.Equal("spec.clusterIP", cause.Field);
        Assert.Equal("Invalid value: \"10.0.0.6\": field is immutable", cause.Message);
    }

    [Fact]
    public void PrepareForUpdate_ClusterIPLeftOut_KeepsIt()
    {
        var old = Defaulted("""{"clusterIP":"10.0.0.5","ports":[{"port":80}]}""");
        var next = Service("""{"ports":[{"port":80}]}""");

        ServiceStrategy.Instance.ApplyDefaults(next);
        ServiceStrategy.Instance.PrepareForUpdate(next, old, hasStatus: true);

        Assert.Equal("10.0.0.5", next["spec"]!["clusterIP"]!.GetValue<string>());
        Assert.Empty(ServiceStrategy.Instance.ValidateUpdate(next, old));
    }
}
