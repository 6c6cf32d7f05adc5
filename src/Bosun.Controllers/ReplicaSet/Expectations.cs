namespace Bosun.Controllers.ReplicaSet;

/// <summary>
/// What a controller is still waiting to see in its pod informer after its own writes (upstream's
/// UIDTrackingControllerExpectations): a count of creates and the keys of the pods it deleted. Until both are seen,
/// or <see cref="Ttl"/> has passed (an event may have been missed), the controller does not act on its cache again,
/// so it never creates or deletes twice for the same gap.
/// </summary>
internal sealed class Expectations(TimeProvider time)
{
    /// <summary>Expectations older than this are treated as satisfied (upstream's ExpectationsTimeout).</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>True when nothing is pending for <paramref name="key"/> (or what is pending has expired).</summary>
    public bool Satisfied(string key)
    {
        lock (_lock)
        {
            return !_entries.TryGetValue(key, out var e)
                || (e.Adds <= 0 && e.Deletes.Count == 0)
                || time.GetUtcNow() - e.Since > Ttl;
        }
    }

    /// <summary>Replaces <paramref name="key"/>'s expectations with <paramref name="adds"/> creates.</summary>
    public void ExpectCreations(string key, int adds) => Set(key, new Entry(adds, [], time.GetUtcNow()));

    /// <summary>Replaces <paramref name="key"/>'s expectations with the deletion of <paramref name="podKeys"/>.</summary>
    public void ExpectDeletions(string key, IEnumerable<string> podKeys) =>
        Set(key, new Entry(0, new HashSet<string>(podKeys, StringComparer.Ordinal), time.GetUtcNow()));

    /// <summary>A pod owned by <paramref name="key"/> appeared (or a create will never be seen).</summary>
    public void CreationObserved(string key)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var e))
            {
                e.Adds--;
            }
        }
    }

    /// <summary>The pod <paramref name="podKey"/> owned by <paramref name="key"/> went (or started going); counted once.</summary>
    public void DeletionObserved(string key, string podKey)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var e))
            {
                e.Deletes.Remove(podKey);
            }
        }
    }

    /// <summary>Forgets <paramref name="key"/> (its owner is gone).</summary>
    public void Delete(string key)
    {
        lock (_lock)
        {
            _entries.Remove(key);
        }
    }

    private void Set(string key, Entry entry)
    {
        lock (_lock)
        {
            _entries[key] = entry;
        }
    }

    private sealed class Entry(int adds, HashSet<string> deletes, DateTimeOffset since)
    {
        public int Adds { get; set; } = adds;

        public HashSet<string> Deletes { get; } = deletes;

        public DateTimeOffset Since { get; } = since;
    }
}
