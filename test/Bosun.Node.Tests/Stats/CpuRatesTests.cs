using Bosun.Node.Stats;

namespace Bosun.Node.Tests.Stats;

public sealed class CpuRatesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Sample_FirstSample_ReturnsNull() =>
        Assert.Null(new CpuRates().Sample("c", T0, 1_000));

    [Fact]
    public void Sample_TwoSamplesTwoSecondsApart_ReturnsNanoCoresOverThatWindow()
    {
        var rates = new CpuRates();
        rates.Sample("c", T0, 1_000_000_000);

        var rate = rates.Sample("c", T0.AddSeconds(2), 2_000_000_000);

        // One second of CPU time in two seconds: half a core.
        Assert.Equal((500_000_000UL, TimeSpan.FromSeconds(2)), rate);
    }

    [Fact]
    public void Sample_CloserThanMinimumWindow_KeepsTheLastRate()
    {
        var rates = new CpuRates();
        rates.Sample("c", T0, 0);
        var first = rates.Sample("c", T0.AddSeconds(1), 250_000_000);

        var soon = rates.Sample("c", T0.AddSeconds(1.1), 900_000_000);

        Assert.Equal(first, soon);
        Assert.Equal(250_000_000UL, soon!.Value.NanoCores);
    }

    [Fact]
    public void Sample_CounterWentBackwards_StartsOver()
    {
        var rates = new CpuRates();
        rates.Sample("c", T0, 5_000_000_000);

        Assert.Null(rates.Sample("c", T0.AddSeconds(5), 1_000));
        Assert.Equal(1_000_000UL, rates.Sample("c", T0.AddSeconds(6), 1_001_000)!.Value.NanoCores);
    }

    [Fact]
    public void Retain_KeyNotLive_IsForgotten()
    {
        var rates = new CpuRates();
        rates.Sample("gone", T0, 0);
        rates.Sample("kept", T0, 0);

        rates.Retain(new HashSet<string> { "kept" });

        Assert.Null(rates.Sample("gone", T0.AddSeconds(2), 1_000_000_000));
        Assert.NotNull(rates.Sample("kept", T0.AddSeconds(2), 1_000_000_000));
    }
}
