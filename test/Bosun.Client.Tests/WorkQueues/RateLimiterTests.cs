using Bosun.Client.WorkQueues;
using Microsoft.Extensions.Time.Testing;

namespace Bosun.Client.Tests.WorkQueues;

public sealed class RateLimiterTests
{
    [Fact]
    public void ExponentialFailure_RepeatedFailures_DoublesFromBaseUpToMax()
    {
        var limiter = new ExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));

        var delays = Enumerable.Range(0, 5).Select(_ => limiter.NextDelay("a")).ToList();

        Assert.Equal([5, 10, 20, 40, 80], delays.Select(d => d.TotalMilliseconds));
        for (var i = 0; i < 100; i++)
        {
            limiter.NextDelay("a");
        }

        Assert.Equal(TimeSpan.FromSeconds(1000), limiter.NextDelay("a"));
    }

    [Fact]
    public void ExponentialFailure_OtherKey_HasItsOwnBackoff()
    {
        var limiter = new ExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));
        limiter.NextDelay("a");
        limiter.NextDelay("a");

        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.NextDelay("b"));
        Assert.Equal(2, limiter.NumRequeues("a"));
    }

    [Fact]
    public void ExponentialFailure_Forget_StartsOverAtBase()
    {
        var limiter = new ExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));
        limiter.NextDelay("a");
        limiter.NextDelay("a");

        limiter.Forget("a");

        Assert.Equal(0, limiter.NumRequeues("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.NextDelay("a"));
    }

    [Fact]
    public void TokenBucket_BurstUsedUp_SpacesRetriesAtQps()
    {
        var time = new FakeTimeProvider();
        var limiter = new TokenBucketRateLimiter<string>(10, 100, time);

        var burst = Enumerable.Range(0, 100).Select(i => limiter.NextDelay($"k{i}")).ToList();

        Assert.All(burst, d => Assert.Equal(TimeSpan.Zero, d));
        Assert.Equal(100, limiter.NextDelay("x").TotalMilliseconds, 6);
        Assert.Equal(200, limiter.NextDelay("y").TotalMilliseconds, 6);
    }

    [Fact]
    public void TokenBucket_TimePasses_RefillsTokens()
    {
        var time = new FakeTimeProvider();
        var limiter = new TokenBucketRateLimiter<string>(10, 100, time);
        for (var i = 0; i < 100; i++)
        {
            limiter.NextDelay("k");
        }

        time.Advance(TimeSpan.FromSeconds(1));

        // Ten tokens came back.
        Assert.All(Enumerable.Range(0, 10).Select(_ => limiter.NextDelay("k")), d => Assert.Equal(TimeSpan.Zero, d));
        Assert.True(limiter.NextDelay("k") > TimeSpan.Zero);
    }

    [Fact]
    public void Default_FirstFailures_PerItemBackoffWhileBucketHasTokens()
    {
        var limiter = RateLimiters.Default<string>(new FakeTimeProvider());

        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.NextDelay("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(10), limiter.NextDelay("a"));
        Assert.Equal(2, limiter.NumRequeues("a"));
    }

    [Fact]
    public void Default_BucketExhausted_BucketDelayWinsOverSmallBackoff()
    {
        var limiter = RateLimiters.Default<string>(new FakeTimeProvider());
        for (var i = 0; i < 100; i++)
        {
            limiter.NextDelay($"k{i}");
        }

        // A fresh key would wait 5 ms on its own, but the shared bucket is empty.
        Assert.Equal(100, limiter.NextDelay("fresh").TotalMilliseconds, 6);
    }

    [Fact]
    public void Default_Forget_ResetsPerItemBackoff()
    {
        var limiter = RateLimiters.Default<string>(new FakeTimeProvider());
        limiter.NextDelay("a");
        limiter.NextDelay("a");

        limiter.Forget("a");

        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.NextDelay("a"));
    }
}
