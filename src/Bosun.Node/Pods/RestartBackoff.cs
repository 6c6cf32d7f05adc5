namespace Bosun.Node.Pods;

/// <summary>
/// The kubelet's back-off for restarting crashed containers and for retrying image pulls: the first failure
/// is retried at once; each retry inside the current window waits for it to end, and the window doubles
/// from 10 s up to 5 minutes. An entry untouched for twice the maximum (10 minutes, e.g. a container that
/// kept running that long) is forgotten, so the next crash starts again at 10 s.
/// </summary>
public sealed class RestartBackoff
{
    private readonly Dictionary<string, (TimeSpan Window, DateTime LastUpdate)> _entries = new(StringComparer.Ordinal);
    private readonly TimeSpan _initial;
    private readonly TimeSpan _maximum;

    public RestartBackoff(TimeSpan? initial = null, TimeSpan? maximum = null)
    {
        _initial = initial ?? TimeSpan.FromSeconds(10);
        _maximum = maximum ?? TimeSpan.FromMinutes(5);
    }

    /// <summary>When a retry of <paramref name="key"/> may happen (null: now).</summary>
    public DateTime? BlockedUntil(string key, DateTime now)
    {
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                return null;
            }

            if (now - entry.LastUpdate > 2 * _maximum)
            {
                _entries.Remove(key);
                return null;
            }

            var until = entry.LastUpdate + entry.Window;
            return until > now ? until : null;
        }
    }

    /// <summary>Records a retry at <paramref name="now"/>, widening the window.</summary>
    public void Next(string key, DateTime now)
    {
        lock (_entries)
        {
            var window = _entries.TryGetValue(key, out var entry) && now - entry.LastUpdate <= 2 * _maximum
                ? TimeSpan.FromTicks(Math.Min(entry.Window.Ticks * 2, _maximum.Ticks))
                : _initial;
            _entries[key] = (window, now);
        }
    }

    /// <summary>The current window of <paramref name="key"/> (for messages like "back-off 20s").</summary>
    public TimeSpan Window(string key)
    {
        lock (_entries)
        {
            return _entries.TryGetValue(key, out var entry) ? entry.Window : _initial;
        }
    }

    /// <summary>Forgets every entry whose key starts with <paramref name="prefix"/> (a deleted pod).</summary>
    public void Forget(string prefix)
    {
        lock (_entries)
        {
            foreach (var key in _entries.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            {
                _entries.Remove(key);
            }
        }
    }
}
