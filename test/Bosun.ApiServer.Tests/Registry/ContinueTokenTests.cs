using Bosun.Api.Errors;
using Bosun.ApiServer.Registry;

namespace Bosun.ApiServer.Tests.Registry;

public class ContinueTokenTests
{
    [Fact]
    public void Decode_EncodedToken_RoundTrips()
    {
        var token = new ContinueToken(42, "default/web\0");

        Assert.Equal(token, ContinueToken.Decode(token.Encode()));
    }

    [Theory]
    [InlineData("not-base64!!")]
    [InlineData("e30")]
    [InlineData("eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MCwic3RhcnQiOiJhIn0")]
    public void Decode_MalformedToken_IsBadRequest(string token)
    {
        var error = Assert.Throws<ApiException>(() => ContinueToken.Decode(token));

        Assert.Equal(400, error.Code);
    }
}
