using System.Collections.Immutable;

namespace Bosun.Storage.Cache;

/// <summary>
/// The watch cache of one resource (one key prefix): the current objects as an immutable sorted snapshot
/// (lists and gets are served from it without locks) and a window of recent events from which watches
/// resume. Fed in revision order by <see cref="CacheHub{T}"/>.
/// </summary>
public sealed class ResourceCache<T>
{
    private readonly object _lock = new();
    private readonly Func<string, ReadOnlyMemory<byte>, long, T> _decode;
    private readonly Func<long> _hubRevision;
    private readonly int _windowCapacity;
    private readonly Queue<WindowEntry> _window = new();
    private readonly List<CacheWatcher<T>> _watchers = [];
    private volatile CacheSnapshot<T> _snapshot = new(ImmutableSortedDictionary.Create<string, CachedObject<T>>(StringComparer.Ordinal), 0);
    private long _windowStart;

    internal ResourceCache(string prefix, Func<string, ReadOnlyMemory<byte>, long, T> decode, Func<long> hubRevision, int windowCapacity)
    {
        Prefix = prefix;
        _decode = decode;
        _hubRevision = hubRevision;
        _windowCapacity = windowCapacity;
    }

    /// <summary>The key prefix this cache holds.</summary>
    public string Prefix { get; }

    /// <summary>Oldest revision a watch can resume from.</summary>
    public long OldestResumableRevision
    {
        get
        {
            lock (_lock)
            {
                return _windowStart;
            }
        }
    }

    /// <summary>Number of active watchers.</summary>
    public int WatcherCount
    {
        get
        {
            lock (_lock)
            {
                return _watchers.Count;
            }
        }
    }

    /// <summary>
    /// The current objects, consistent at the returned revision: the hub's revision read before the
    /// snapshot, or the snapshot's own if newer. Every change of this resource up to that revision is in it.
    /// </summary>
    public CacheSnapshot<T> Snapshot()
    {
        var hub = _hubRevision();
        var snapshot = _snapshot;
        return snapshot.Revision >= hub ? snapshot : snapshot with { Revision = hub };
    }

    /// <summary>
    /// Starts a watch. With <paramref name="sendInitialState"/>, every current object matching the filter comes
    /// first as Added (optionally followed by an initial-events-end bookmark), then changes after that state;
    /// otherwise the changes after <paramref name="afterRevision"/>, which must be within the event window
    /// (else <see cref="CompactedException"/>) and may be ahead of the cache.
    /// </summary>
    public CacheWatcher<T> Watch(
        long afterRevision,
        bool sendInitialState,
        bool initialEventsEndBookmark,
        Func<CachedObject<T>, bool> filter,
        int capacity)
    {
        ArgumentNullException.ThrowIfNull(filter);
        // A revision the cache has not reached yet (it is catching up, or the store's revision counts writes it
        // never sees): follow from what the cache has and leave out what the client already has.
        var skipThrough = sendInitialState ? 0 : afterRevision;
        lock (_lock)
        {
            afterRevision = Math.Min(afterRevision, Math.Max(_hubRevision(), _snapshot.Revision));
        }

        var watcher = new CacheWatcher<T>(filter, capacity, Unregister) { SkipThrough = skipThrough };
        lock (_lock)
        {
            if (sendInitialState)
            {
                var snapshot = Snapshot();
                var initial = new List<CacheEvent<T>>();
                foreach (var item in snapshot.Items.Values)
                {
                    if (filter(item))
                    {
                        initial.Add(new CacheEvent<T>(CacheEventType.Added, item, item.Revision));
                    }
                }

                if (initialEventsEndBookmark)
                {
                    initial.Add(new CacheEvent<T>(CacheEventType.Bookmark, null, snapshot.Revision, InitialEventsEnd: true));
                }

                watcher.InitialEvents = initial;
            }
            else
            {
                if (afterRevision < _windowStart)
                {
                    throw new CompactedException(afterRevision, _windowStart);
                }

                var replay = new List<CacheEvent<T>>();
                foreach (var entry in _window)
                {
                    if (entry.Revision > afterRevision && entry.Revision > skipThrough && Transform(entry, filter) is { } e)
                    {
                        replay.Add(e);
                    }
                }

                watcher.InitialEvents = replay;
            }

            _watchers.Add(watcher);
        }

        return watcher;
    }

    /// <summary>Queues a bookmark at the latest revision behind every event already queued for the watcher.</summary>
    public void Bookmark(CacheWatcher<T> watcher)
    {
        ArgumentNullException.ThrowIfNull(watcher);
        lock (_lock)
        {
            // Taken under the lock: every event of this resource up to the hub's revision was offered before it was published.
            watcher.Offer(new CacheEvent<T>(CacheEventType.Bookmark, null, Math.Max(_hubRevision(), _snapshot.Revision)));
        }
    }

    /// <summary>Replaces the contents with a fresh read at <paramref name="revision"/>; ends all watchers (they resume or relist).</summary>
    internal void Load(IEnumerable<KeyValue> items, long revision)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, CachedObject<T>>(StringComparer.Ordinal);
        foreach (var kv in items)
        {
            builder[kv.Key] = new CachedObject<T>(kv.Key, kv.Value, kv.ModRevision, _decode(Prefix, kv.Value, kv.ModRevision));
        }

        lock (_lock)
        {
            _snapshot = new CacheSnapshot<T>(builder.ToImmutable(), revision);
            _window.Clear();
            _windowStart = revision;
            foreach (var watcher in _watchers)
            {
                watcher.Complete();
            }

            _watchers.Clear();
        }
    }

    /// <summary>Applies one change from the store and offers it to every watcher.</summary>
    internal void Apply(StoreEvent change)
    {
        var current = change.Type == StoreEventType.Deleted
            ? null
            : new CachedObject<T>(change.Key, change.Value, change.Revision, _decode(Prefix, change.Value, change.Revision));
        lock (_lock)
        {
            var items = _snapshot.Items;
            items.TryGetValue(change.Key, out var previous);
            if (change.Type == StoreEventType.Deleted && previous is null)
            {
                // The cache never held it (e.g. a duplicate delivery after a reload): the state is already right.
                previous = new CachedObject<T>(change.Key, change.Value, change.PreviousRevision, _decode(Prefix, change.Value, change.PreviousRevision));
            }

            items = current is null ? items.Remove(change.Key) : items.SetItem(change.Key, current);
            _snapshot = new CacheSnapshot<T>(items, change.Revision);
            var entry = new WindowEntry(change.Revision, current, previous);
            _window.Enqueue(entry);
            while (_window.Count > _windowCapacity)
            {
                _windowStart = _window.Dequeue().Revision;
            }

            foreach (var watcher in _watchers)
            {
                if (Transform(entry, watcher.Filter) is { } e)
                {
                    watcher.Offer(e);
                }
            }
        }
    }

    /// <summary>Ends every watcher (shutdown or failure).</summary>
    internal void CompleteWatchers(Exception? error)
    {
        lock (_lock)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Complete(error);
            }

            _watchers.Clear();
        }
    }

    private void Unregister(CacheWatcher<T> watcher)
    {
        lock (_lock)
        {
            _watchers.Remove(watcher);
        }
    }

    /// <summary>What a watcher with <paramref name="filter"/> sees of a change, as Kubernetes' cacher decides it.</summary>
    private static CacheEvent<T>? Transform(WindowEntry entry, Func<CachedObject<T>, bool> filter)
    {
        var currentPasses = entry.Current is not null && filter(entry.Current);
        var previousPasses = entry.Previous is not null && filter(entry.Previous);
        return (currentPasses, previousPasses) switch
        {
            (true, false) => new CacheEvent<T>(CacheEventType.Added, entry.Current, entry.Revision),
            (true, true) => new CacheEvent<T>(CacheEventType.Modified, entry.Current, entry.Revision),
            // Deleted, or no longer matching: the last state the watcher knew, at the event's revision.
            (false, true) => new CacheEvent<T>(CacheEventType.Deleted, entry.Previous, entry.Revision),
            _ => null,
        };
    }

    private sealed record WindowEntry(long Revision, CachedObject<T>? Current, CachedObject<T>? Previous);
}
