namespace Bosun.Client.WorkQueues;

/// <summary>
/// Per-item exponential backoff: baseDelay * 2^failures, capped at maxDelay. A key that keeps failing backs off
/// alone, without slowing the others.
/// </summary>
public sealed class ExponentialFailureRateLimiter<TKey>(TimeSpan baseDelay, TimeSpan maxDelay) : IRateLimiter<TKey>
    where TKey : notnull
{
    private readonly Dictionary<TKey, int> _failures = [];
    private readonly Lock _lock = new();

    public TimeSpan NextDelay(TKey item)
    {
        int exponent;
        lock (_lock)
        {
            exponent = _failures.GetValueOrDefault(item);
            _failures[item] = exponent + 1;
        }

        // Computed in double so a long failure streak cannot overflow before the cap applies.
        var delay = baseDelay.TotalMilliseconds * Math.Pow(2, exponent);
        return delay >= maxDelay.TotalMilliseconds ? maxDelay : TimeSpan.FromMilliseconds(delay);
    }

    public void Forget(TKey item)
    {
        lock (_lock)
        {
            _failures.Remove(item);
        }
    }

    public int NumRequeues(TKey item)
    {
        lock (_lock)
        {
            return _failures.GetValueOrDefault(item);
        }
    }
}
