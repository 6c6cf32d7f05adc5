using System.Text.Json.Nodes;
using Bosun.Api.Strategies;

namespace Bosun.Api.Tests.Strategies;

public class NodeStrategyTests
{
    private static JsonObject Node(string spec)
    {
        var node = JsonNode.Parse("""{"metadata":{"name":"n"},"spec":""" + spec + "}")!.AsObject();
        NodeStrategy.Instance.ApplyDefaults(node);
        return node;
    }

    [Fact]
    public void ApplyDefaults_PodCidrAlone_FillsPodCidrs()
    {
        var spec = Node("""{"podCIDR":"10.42.1.0/24"}""")["spec"]!;
        Assert.Equal("""["10.42.1.0/24"]""", spec["podCIDRs"]!.ToJsonString());
    }

    [Fact]
    public void ApplyDefaults_PodCidrs_DecidePodCidr()
    {
        var spec = Node("""{"podCIDR":"10.42.9.0/24","podCIDRs":["10.42.1.0/24","fd00::/64"]}""")["spec"]!;
        Assert.Equal("10.42.1.0/24", spec["podCIDR"]!.GetValue<string>());
    }

    [Fact]
    public void ValidateUpdate_FromNoneToACidr_IsAllowed() =>
        Assert.Empty(NodeStrategy.Instance.ValidateUpdate(Node("""{"podCIDR":"10.42.1.0/24"}"""), Node("{}")));

    [Fact]
    public void ValidateUpdate_SameCidr_IsAllowed() =>
        Assert.Empty(NodeStrategy.Instance.ValidateUpdate(Node("""{"podCIDR":"10.42.1.0/24","unschedulable":true}"""), Node("""{"podCIDR":"10.42.1.0/24"}""")));

    [Theory]
    [InlineData("""{"podCIDR":"10.42.2.0/24"}""")]
    [InlineData("""{"podCIDRs":["10.42.1.0/24","fd00::/64"]}""")]
    [InlineData("{}")]
    public void ValidateUpdate_ChangedOrClearedCidr_IsForbiddenAsKubernetesSaysIt(string spec)
    {
        var cause = Assert.Single(NodeStrategy.Instance.ValidateUpdate(Node(spec), Node("""{"podCIDR":"10.42.1.0/24"}""")));
        Assert.Equal("spec.podCIDRs", cause.Field);
        Assert.Equal("FieldValueForbidden", cause.Reason);
        Assert.Equal("Forbidden: node updates may not change podCIDR except from \"\" to valid", cause.Message);
    }

    [Theory]
    [InlineData("10.42.1.0/33")]
    [InlineData("10.42/16")]
    [InlineData("banana")]
    [InlineData("10.42.1.0")]
    public void Validate_InvalidCidr_IsRejected(string cidr)
    {
        var cause = Assert.Single(NodeStrategy.Instance.Validate(Node($$"""{"podCIDR":"{{cidr}}"}""")));
        Assert.Equal("spec.podCIDRs[0]", cause.Field);
        Assert.Contains("must be a valid CIDR value", cause.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TwoCidrsOfOneFamily_IsRejected()
    {
        var cause = Assert.Single(NodeStrategy.Instance.Validate(Node("""{"podCIDRs":["10.42.1.0/24","10.42.2.0/24"]}""")));
        Assert.Equal("spec.podCIDRs", cause.Field);
        Assert.Contains("may specify no more than one CIDR for each IP family", cause.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DualStackPair_IsValid() =>
        Assert.Empty(NodeStrategy.Instance.Validate(Node("""{"podCIDRs":["10.42.1.0/24","fd00:10:42:1::/64"]}""")));
}
