using Bosun.Api.Discovery;

namespace Bosun.Api.Tests.Discovery;

public class DiscoveryNegotiationTests
{
    private const string Kubectl133Accept =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    private const string Kubectl127Accept =
        "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    [Theory]
    [InlineData(Kubectl133Accept, DiscoveryFormat.AggregatedV2)]
    [InlineData(Kubectl127Accept, DiscoveryFormat.AggregatedV2Beta1)]
    [InlineData("application/json", DiscoveryFormat.Legacy)]
    [InlineData("application/json, */*", DiscoveryFormat.Legacy)]
    [InlineData("*/*", DiscoveryFormat.Legacy)]
    [InlineData("application/*", DiscoveryFormat.Legacy)]
    [InlineData(null, DiscoveryFormat.Legacy)]
    [InlineData("", DiscoveryFormat.Legacy)]
    [InlineData("application/yaml", DiscoveryFormat.NotAcceptable)]
    [InlineData("application/vnd.kubernetes.protobuf", DiscoveryFormat.NotAcceptable)]
    [InlineData("application/vnd.kubernetes.protobuf, application/json", DiscoveryFormat.Legacy)]
    [InlineData("application/json; as=APIGroupDiscoveryList; v=v2; g=apidiscovery.k8s.io", DiscoveryFormat.AggregatedV2)]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;profile=nopeer," + Kubectl133Accept, DiscoveryFormat.AggregatedV2)]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json", DiscoveryFormat.Legacy)]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0.5,application/json", DiscoveryFormat.Legacy)]
    [InlineData("application/json;q=0.1,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList", DiscoveryFormat.AggregatedV2Beta1)]
    [InlineData("application/json;q=0", DiscoveryFormat.NotAcceptable)]
    [InlineData("application/json;as=Table;v=v1;g=meta.k8s.io", DiscoveryFormat.NotAcceptable)]
    public void Negotiate_AcceptHeader_ChoosesFormat(string? accept, DiscoveryFormat expected)
    {
        Assert.Equal(expected, DiscoveryNegotiation.Negotiate(accept));
    }

    [Fact]
    public void Negotiate_AggregatedNotAllowed_FallsBackToLegacy()
    {
        Assert.Equal(DiscoveryFormat.Legacy, DiscoveryNegotiation.Negotiate(Kubectl133Accept, allowAggregated: false));
        Assert.Equal(
            DiscoveryFormat.NotAcceptable,
            DiscoveryNegotiation.Negotiate("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", allowAggregated: false));
    }

    [Theory]
    [InlineData(DiscoveryFormat.Legacy, "application/json")]
    [InlineData(DiscoveryFormat.AggregatedV2, "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")]
    [InlineData(DiscoveryFormat.AggregatedV2Beta1, "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList")]
    public void ContentTypeOf_Format_IsWhatClientGoRecognises(DiscoveryFormat format, string contentType)
    {
        Assert.Equal(contentType, DiscoveryNegotiation.ContentTypeOf(format));
    }

    [Fact]
    public void ContentTypeOf_NotAcceptable_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DiscoveryNegotiation.ContentTypeOf(DiscoveryFormat.NotAcceptable));
    }
}
