namespace Bosun.Client.WorkQueues;

/// <summary>
/// One token bucket shared by every item (qps refill, burst capacity), like golang.org/x/time/rate's Reserve: a
/// retry takes a token now and waits until the bucket would have had it. Bounds the overall retry rate when many
/// keys fail at once.
/// </summary>
public sealed class TokenBucketRateLimiter<TKey> : IRateLimiter<TKey>
    where TKey : notnull
{
    private readonly double _qps;
    private readonly double _burst;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private double _tokens;
    private DateTimeOffset _last;

    public TokenBucketRateLimiter(double qps, int burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(qps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        ArgumentNullException.ThrowIfNull(time);
        _qps = qps;
        _burst = burst;
        _time = time;
        _tokens = burst;
        _last = time.GetUtcNow();
    }

    public TimeSpan NextDelay(TKey item)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (now > _last)
            {
                _tokens = Math.Min(_burst, _tokens + ((now - _last).TotalSeconds * _qps));
                _last = now;
            }

            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _qps);
        }
    }

    /// <summary>The bucket is shared: one item's success gives nothing back.</summary>
    public void Forget(TKey item)
    {
    }

    public int NumRequeues(TKey item) => 0;
}
