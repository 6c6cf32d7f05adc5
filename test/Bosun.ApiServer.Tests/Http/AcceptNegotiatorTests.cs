using Bosun.Api.Errors;
using Bosun.ApiServer.Http;

namespace Bosun.ApiServer.Tests.Http;

public class AcceptNegotiatorTests
{
    [Fact]
    public void Negotiate_KubectlGetAccept_PicksTableV1()
    {
        var format = AcceptNegotiator.Negotiate("application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json", allowMetaKinds: true);

        Assert.Equal(ResponseKind.Table, format.Kind);
        Assert.Equal("v1", format.MetaVersion);
        Assert.Equal("application/json;as=Table;v=v1;g=meta.k8s.io", format.ContentType);
    }

    [Fact]
    public void Negotiate_TableWhereMetaKindsNotAllowed_FallsBackToJson()
    {
        var format = AcceptNegotiator.Negotiate("application/json;as=Table;v=v1;g=meta.k8s.io,application/json", allowMetaKinds: false);

        Assert.Equal(ResponseKind.Json, format.Kind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("*/*")]
    [InlineData("application/vnd.kubernetes.protobuf, */*")]
    public void Negotiate_GenericOrMissing_IsJson(string? accept)
    {
        Assert.Equal(ResponseKind.Json, AcceptNegotiator.Negotiate(accept, allowMetaKinds: true).Kind);
    }

    [Fact]
    public void Negotiate_Yaml_IsYaml()
    {
        Assert.Equal(ResponseKind.Yaml, AcceptNegotiator.Negotiate("application/yaml", allowMetaKinds: true).Kind);
    }

    [Theory]
    [InlineData("application/vnd.kubernetes.protobuf")]
    [InlineData("text/html")]
    [InlineData("application/json;as=Table;v=v2;g=meta.k8s.io")]
    public void Negotiate_NothingAcceptable_Is406(string accept)
    {
        var error = Assert.Throws<ApiException>(() => AcceptNegotiator.Negotiate(accept, allowMetaKinds: true));

        Assert.Equal(406, error.Code);
        Assert.Equal("NotAcceptable", error.Reason);
    }
}
