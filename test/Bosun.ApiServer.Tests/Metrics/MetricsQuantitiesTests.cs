using Bosun.ApiServer.Metrics;

namespace Bosun.ApiServer.Tests.Metrics;

public sealed class MetricsQuantitiesTests
{
    [Theory]
    [InlineData(0UL, "0")]
    [InlineData(12345UL, "12345n")]
    [InlineData(250_000_000UL, "250000000n")]
    public void Cpu_NanoCores_WritesNanoSuffix(ulong nanoCores, string expected) =>
        Assert.Equal(expected, MetricsQuantities.Cpu(nanoCores));

    [Theory]
    [InlineData(0UL, "0")]
    [InlineData(1000UL, "1000")]
    [InlineData(1024UL, "1Ki")]
    [InlineData(1536UL * 1024, "1536Ki")]
    [InlineData(10UL << 20, "10Mi")]
    [InlineData(1UL << 30, "1Gi")]
    public void Memory_Bytes_WritesLargestExactBinarySuffix(ulong bytes, string expected) =>
        Assert.Equal(expected, MetricsQuantities.Memory(bytes));

    [Theory]
    [InlineData(10, "10s")]
    [InlineData(10.5, "10.5s")]
    [InlineData(1.0004, "1s")]
    [InlineData(20.0434, "20.043s")]
    public void Window_Seconds_WritesGoDuration(double seconds, string expected) =>
        Assert.Equal(expected, MetricsQuantities.Window(seconds));
}
