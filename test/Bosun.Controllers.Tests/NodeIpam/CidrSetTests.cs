using Bosun.Controllers.NodeIpam;

namespace Bosun.Controllers.Tests.NodeIpam;

public class CidrSetTests
{
    private static Ipv4Cidr Cidr(string text) => Ipv4Cidr.TryParse(text, out var cidr) ? cidr : throw new ArgumentException(text);

    [Fact]
    public void TryAllocateNext_UntilFull_GivesEverySubnetOnceThenFails()
    {
        var set = new CidrSet(Cidr("10.42.0.0/22"), 24);
        var given = new List<string>();
        while (set.TryAllocateNext(out var cidr))
            given.Add(cidr.ToString());
        Assert.Equal(["10.42.0.0/24", "10.42.1.0/24", "10.42.2.0/24", "10.42.3.0/24"], given);
        Assert.Equal(4, set.Used);
    }

    [Fact]
    public void TryAllocateNext_AfterRelease_GoesOnRoundRobinBeforeReusing()
    {
        var set = new CidrSet(Cidr("10.42.0.0/22"), 24);
        set.TryAllocateNext(out var first);
        set.TryAllocateNext(out _);
        set.Release(first);
        set.TryAllocateNext(out var third);
        Assert.Equal("10.42.2.0/24", third.ToString());
        set.TryAllocateNext(out _);
        set.TryAllocateNext(out var reused);
        Assert.Equal("10.42.0.0/24", reused.ToString());
    }

    [Fact]
    public void Occupy_InsideAndOutsideTheRange_MarksOnlyInside()
    {
        var set = new CidrSet(Cidr("10.42.0.0/16"), 24);
        Assert.True(set.Occupy(Cidr("10.42.0.0/24")));
        Assert.False(set.Occupy(Cidr("10.128.5.0/24")));
        // A larger CIDR blocks every subnet it covers.
        Assert.True(set.Occupy(Cidr("10.42.4.0/23")));
        Assert.Equal(3, set.Used);
        Assert.True(set.IsUsed(Cidr("10.42.5.0/24")));
        set.TryAllocateNext(out var next);
        Assert.Equal("10.42.1.0/24", next.ToString());
    }

    [Theory]
    [InlineData("10.42.0.1/16", "10.42.0.0/16")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    [InlineData("192.168.7.9/32", "192.168.7.9/32")]
    public void TryParse_ValidCidr_DropsHostBits(string text, string expected) => Assert.Equal(expected, Cidr(text).ToString());

    [Theory]
    [InlineData("10.42.0.0/33")]
    [InlineData("10.42/16")]
    [InlineData("fd00::/64")]
    [InlineData("10.42.0.0")]
    [InlineData("10.42.0.0/-1")]
    [InlineData(null)]
    public void TryParse_NotAnIpv4Cidr_Fails(string? text) => Assert.False(Ipv4Cidr.TryParse(text, out _));

    [Theory]
    [InlineData("10.42.0.0/16", 16)]
    [InlineData("10.42.0.0/16", 31)]
    [InlineData("10.0.0.0/8", 25)]
    [InlineData("not-a-cidr", 24)]
    public void Validate_BadPair_Throws(string cidr, int mask) => Assert.Throws<ArgumentException>(() => NodeCidrs.Validate(cidr, mask));
}
