using Bosun.Api.OpenApi;

namespace Bosun.Api.Tests.OpenApi;

public class OpenApiV2DocumentTests
{
    [Fact]
    public void Create_DefaultVersion_EncodesSwaggerAndInfoAsProtobuf()
    {
        byte[] info = [0x0a, 10, .. "Kubernetes"u8, 0x12, 7, .. "v1.33.0"u8];
        byte[] expected = [0x0a, 3, .. "2.0"u8, 0x12, (byte)info.Length, .. info];

        Assert.Equal(expected, OpenApiV2Document.Create());
    }

    [Fact]
    public void ContentType_IsParseableByGoMime()
    {
        // client-go fails the request when Content-Type does not parse; '@' is not allowed.
        Assert.DoesNotContain("@", OpenApiV2Document.ContentType, StringComparison.Ordinal);
    }
}
