namespace Bosun.Client.WorkQueues;

/// <summary>Decides how long an item waits before it is retried (client-go's workqueue.TypedRateLimiter).</summary>
/// <typeparam name="TKey">The queue's item type.</typeparam>
public interface IRateLimiter<in TKey>
    where TKey : notnull
{
    /// <summary>Records one more retry of <paramref name="item"/> and returns how long it should wait.</summary>
    TimeSpan NextDelay(TKey item);

    /// <summary>Forgets <paramref name="item"/>'s failures (it succeeded).</summary>
    void Forget(TKey item);

    /// <summary>How many times <paramref name="item"/> was retried since the last <see cref="Forget"/>.</summary>
    int NumRequeues(TKey item);
}
