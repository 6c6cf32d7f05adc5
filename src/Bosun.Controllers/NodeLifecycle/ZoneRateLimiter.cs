namespace Bosun.Controllers.NodeLifecycle;

/// <summary>
/// A token bucket per zone (burst 1): how many nodes per second may start having their pods evicted in one zone
/// (kube-controller-manager's --node-eviction-rate; 0 means never, as there).
/// </summary>
internal sealed class ZoneRateLimiter(double perSecond)
{
    private readonly Dictionary<string, DateTime> _nextAllowed = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>
    /// Takes the zone's token if it is there; otherwise says how long until it is
    /// (<see cref="Timeout.InfiniteTimeSpan"/> for a rate of 0).
    /// </summary>
    public bool TryTake(string zone, DateTime now, out TimeSpan wait)
    {
        lock (_lock)
        {
            if (perSecond <= 0)
            {
                wait = Timeout.InfiniteTimeSpan;
                return false;
            }

            var next = _nextAllowed.GetValueOrDefault(zone, DateTime.MinValue);
            if (next > now)
            {
                wait = next - now;
                return false;
            }

            _nextAllowed[zone] = now + TimeSpan.FromSeconds(1 / perSecond);
            wait = TimeSpan.Zero;
            return true;
        }
    }
}
