namespace Bosun.Client.WorkQueues;

/// <summary>Ready-made limiters.</summary>
public static class RateLimiters
{
    /// <summary>
    /// client-go's DefaultControllerRateLimiter: the larger of a per-item backoff (5 ms doubling up to 1000 s) and an
    /// overall bucket of 10 retries/s with a burst of 100.
    /// </summary>
    public static IRateLimiter<TKey> Default<TKey>(TimeProvider time)
        where TKey : notnull =>
        new MaxOfRateLimiter<TKey>(
            new ExponentialFailureRateLimiter<TKey>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000)),
            new TokenBucketRateLimiter<TKey>(10, 100, time));
}
