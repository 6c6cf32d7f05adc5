using Bosun.Controllers.NodeLifecycle;

namespace Bosun.Controllers.Tests.NodeLifecycle;

public class NodeHealthTests
{
    private static readonly DateTime Start = new(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(40);

    [Fact]
    public void IsSilent_LeaseRenewals_KeepTheNodeAlive()
    {
        var health = new NodeHealth(Start);
        for (var s = 10; s <= 120; s += 10)
        {
            health.Observe(Start.AddSeconds(s), null, Start.AddSeconds(s));
        }

        Assert.False(health.IsSilent(Start.AddSeconds(150), Grace));
        Assert.True(health.IsSilent(Start.AddSeconds(161), Grace));
    }

    [Fact]
    public void IsSilent_SameHeartbeatSeenAgain_DoesNotCountAsANewOne()
    {
        var health = new NodeHealth(Start);
        var renew = Start.AddSeconds(-100);
        health.Observe(renew, null, Start);
        health.Observe(renew, null, Start.AddSeconds(30));
        Assert.True(health.IsSilent(Start.AddSeconds(41), Grace));
    }

    [Fact]
    public void IsSilent_StatusHeartbeatAlone_AlsoCounts()
    {
        var health = new NodeHealth(Start);
        health.Observe(null, Start.AddSeconds(35), Start.AddSeconds(35));
        Assert.False(health.IsSilent(Start.AddSeconds(70), Grace));
    }

    [Fact]
    public void ZoneRateLimiter_SecondNodeInAZone_WaitsItsTurn()
    {
        var limiter = new ZoneRateLimiter(0.1);
        Assert.True(limiter.TryTake("a", Start, out _));
        Assert.True(limiter.TryTake("b", Start, out _));
        Assert.False(limiter.TryTake("a", Start.AddSeconds(1), out var wait));
        Assert.Equal(TimeSpan.FromSeconds(9), wait);
        Assert.True(limiter.TryTake("a", Start.AddSeconds(10), out _));
    }

    [Fact]
    public void ZoneRateLimiter_RateZero_NeverAllows()
    {
        Assert.False(new ZoneRateLimiter(0).TryTake("a", Start, out var wait));
        Assert.Equal(Timeout.InfiniteTimeSpan, wait);
    }
}
