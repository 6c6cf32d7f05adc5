namespace Bosun.Node.Stats;

/// <summary>
/// Turns cumulative CPU time (nanoseconds) into a rate (nano cores) from two samples at least
/// <see cref="MinimumWindow"/> apart, per key (the node, or a container id), as metrics-server does from two
/// scrapes. Samples closer together keep the last rate, so frequent callers do not get noisy figures.
/// </summary>
public sealed class CpuRates
{
    /// <summary>The shortest interval a rate is computed over.</summary>
    public static readonly TimeSpan MinimumWindow = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Records a sample; returns the current rate and its window, or null until two samples exist.</summary>
    public (ulong NanoCores, TimeSpan Window)? Sample(string key, DateTimeOffset time, ulong cumulativeNanoseconds)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry) || cumulativeNanoseconds < entry.Value || time < entry.Time)
            {
                // First sight, or the counter restarted (a new container under a reused key).
                _entries[key] = new Entry(time, cumulativeNanoseconds, null);
                return null;
            }

            var elapsed = time - entry.Time;
            if (elapsed < MinimumWindow)
            {
                return entry.Rate;
            }

            var rate = ((ulong)((cumulativeNanoseconds - entry.Value) / elapsed.TotalSeconds), elapsed);
            _entries[key] = new Entry(time, cumulativeNanoseconds, rate);
            return rate;
        }
    }

    /// <summary>Forgets every key not in <paramref name="live"/> (containers that are gone).</summary>
    public void Retain(IReadOnlySet<string> live)
    {
        ArgumentNullException.ThrowIfNull(live);
        lock (_lock)
        {
            foreach (var key in _entries.Keys.Where(k => !live.Contains(k)).ToList())
            {
                _entries.Remove(key);
            }
        }
    }

    private sealed record Entry(DateTimeOffset Time, ulong Value, (ulong NanoCores, TimeSpan Window)? Rate);
}
