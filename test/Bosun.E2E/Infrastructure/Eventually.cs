namespace Bosun.E2E.Infrastructure;

/// <summary>Polls something the cluster makes true asynchronously (controllers, the scheduler, simulated kubelets).</summary>
public static class Eventually
{
    /// <summary>Waits until <paramref name="condition"/> holds; fails with <paramref name="what"/> and the last observation otherwise.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan timeout, Func<Task<string>>? describe = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out after {timeout.TotalSeconds:F0} s waiting for: {what}" + (describe is null ? "" : "\n" + await describe()));
            }

            await Task.Delay(250);
        }
    }
}
