namespace Bosun.Testing;

/// <summary>Polls something a server, controller or simulated node makes true asynchronously.</summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Waits until <paramref name="condition"/> holds; fails with <paramref name="what"/> (and what
    /// <paramref name="describe"/> reports of the state at that moment) after the timeout.
    /// </summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, Func<Task<string>>? describe = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                // An exception fails the test as Assert.Fail would (this assembly has no assertion library).
                throw new TimeoutException($"timed out after {limit.TotalSeconds:F0} s waiting for: {what}" + (describe is null ? "" : "\n" + await describe()));
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits until <paramref name="read"/> returns null (the object is gone, 404 mapped to null).</summary>
    public static Task GoneAsync<T>(Func<Task<T?>> read, string what, TimeSpan? timeout = null)
        where T : class =>
        TrueAsync(async () => await read() is null, what, timeout);
}
