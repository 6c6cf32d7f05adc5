using Bosun.Api.Discovery;

namespace Bosun.Api.Tests.Discovery;

public class EntityTagTests
{
    [Theory]
    [InlineData("\"ABC\"", true)]
    [InlineData("W/\"ABC\"", true)]
    [InlineData("\"X\", \"ABC\"", true)]
    [InlineData("*", true)]
    [InlineData("\"abc\"", false)]
    [InlineData("ABC", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IfNoneMatchMatches_HeaderValue_ComparesQuotedTags(string? header, bool expected)
    {
        Assert.Equal(expected, EntityTag.IfNoneMatchMatches(header, "\"ABC\""));
    }

    [Fact]
    public void ComputeHash_Bytes_IsUpperHexSha512()
    {
        var hash = EntityTag.ComputeHash("abc"u8);

        Assert.Equal(128, hash.Length);
        Assert.StartsWith("DDAF35A193617ABA", hash, StringComparison.Ordinal);
    }
}
