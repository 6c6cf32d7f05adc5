namespace Bosun.Scheduler.Tests.Infrastructure;

/// <summary>Polls a condition that controllers make true asynchronously.</summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Waits until <paramref name="condition"/> holds; fails with <paramref name="what"/> after the timeout.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (cts.IsCancellationRequested)
            {
                Assert.Fail($"timed out waiting for: {what}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits until <paramref name="read"/> returns null (the object is gone, 404 mapped to null).</summary>
    public static Task GoneAsync<T>(Func<Task<T?>> read, string what, TimeSpan? timeout = null)
        where T : class =>
        TrueAsync(async () => await read() is null, what, timeout);
}
