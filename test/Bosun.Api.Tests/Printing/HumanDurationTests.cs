using Bosun.Api.Printing;

namespace Bosun.Api.Tests.Printing;

public class HumanDurationTests
{
    [Theory]
    [InlineData(-5, "<invalid>")]
    [InlineData(-1, "0s")]
    [InlineData(45, "45s")]
    [InlineData(119, "119s")]
    [InlineData(330, "5m30s")]
    [InlineData(300, "5m")]
    [InlineData(3600, "60m")]
    [InlineData(4 * 3600 + 600, "4h10m")]
    [InlineData(20 * 3600, "20h")]
    [InlineData(3 * 86400 + 7200, "3d2h")]
    [InlineData(40 * 86400, "40d")]
    [InlineData(3 * 365 * 86400, "3y")]
    public void Format_MatchesKubectlAges(int seconds, string expected)
    {
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));
    }
}
