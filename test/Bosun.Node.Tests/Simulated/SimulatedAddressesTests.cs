using Bosun.Node.Simulated;

namespace Bosun.Node.Tests.Simulated;

public class SimulatedAddressesTests
{
    [Theory]
    [InlineData(0, "198.18.0.1", "10.128.0.0/24")]
    [InlineData(255, "198.18.1.0", "10.128.255.0/24")]
    [InlineData(300, "198.18.1.45", "10.129.44.0/24")]
    [InlineData(SimulatedNodeOptions.MaxCount - 1, "198.18.128.0", "10.255.255.0/24")]
    public void NodeIpAndPodCidr_ByIndex_AreDistinctAndInTheirRanges(int index, string nodeIp, string podCidr)
    {
        Assert.Equal(nodeIp, SimulatedAddresses.NodeIp(index));
        Assert.Equal(podCidr, SimulatedAddresses.PodCidr(index));
    }

    [Fact]
    public void PodCidr_BeyondTheRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SimulatedAddresses.PodCidr(SimulatedNodeOptions.MaxCount));
        Assert.Throws<ArgumentOutOfRangeException>(() => SimulatedAddresses.NodeIp(-1));
    }

    [Theory]
    [InlineData("10.129.44.7", 7)]
    [InlineData("10.129.45.7", -1)]
    [InlineData("10.129.44.x", -1)]
    [InlineData(null, -1)]
    public void HostOf_AnAddress_IsItsHostPartOnlyInsideTheCidr(string? ip, int host) =>
        Assert.Equal(host, SimulatedAddresses.HostOf("10.129.44.0/24", ip));
}
