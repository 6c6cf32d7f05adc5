using Bosun.Node.Simulated;

namespace Bosun.Node.Tests.Simulated;

public class SimulatedNodeTests
{
    private static SimulatedNode NewNode() => new("n", 0, "10.128.0.0/24", "198.18.0.1");

    [Fact]
    public void Allocate_ManyPods_GivesDistinctAddressesFromTwoUp()
    {
        var node = NewNode();
        var ips = Enumerable.Range(0, 253).Select(_ => node.Allocate()).ToList();
        Assert.Equal(253, ips.Distinct().Count());
        Assert.Equal("10.128.0.2", ips[0]);
        Assert.Equal("10.128.0.254", ips[^1]);
        Assert.Throws<InvalidOperationException>(node.Allocate);
    }

    [Fact]
    public void Allocate_AfterRelease_DoesNotReuseTheAddressAtOnce()
    {
        var node = NewNode();
        var first = node.Allocate();
        node.Release(first);
        Assert.NotEqual(first, node.Allocate());
    }

    [Fact]
    public void Claim_AnAddressSeenAfterRestart_IsNotHandedOutAgain()
    {
        var node = NewNode();
        Assert.True(node.Claim("10.128.0.2"));
        Assert.False(node.Claim("10.99.0.2"));
        Assert.Equal("10.128.0.3", node.Allocate());
    }
}
