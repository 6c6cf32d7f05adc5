namespace Bosun.Client.WorkQueues;

/// <summary>The longest wait any of several limiters asks for; every limiter records every retry.</summary>
public sealed class MaxOfRateLimiter<TKey>(params IRateLimiter<TKey>[] limiters) : IRateLimiter<TKey>
    where TKey : notnull
{
    public TimeSpan NextDelay(TKey item)
    {
        var max = TimeSpan.Zero;
        foreach (var limiter in limiters)
        {
            var delay = limiter.NextDelay(item);
            if (delay > max)
            {
                max = delay;
            }
        }

        return max;
    }

    public void Forget(TKey item)
    {
        foreach (var limiter in limiters)
        {
            limiter.Forget(item);
        }
    }

    public int NumRequeues(TKey item) => limiters.Max(l => l.NumRequeues(item));
}
