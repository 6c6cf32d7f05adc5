using System.Threading.Channels;

namespace Bosun.Storage.Cache;

/// <summary>
/// One watch on a resource cache. Initial events (sendInitialEvents or RV 0/unset) come first, then live
/// events through a bounded buffer; a watcher that cannot keep up is ended (<see cref="Overflowed"/>) rather
/// than slowing everyone else, and its client resumes from the last revision it saw, as with Kubernetes.
/// </summary>
public sealed class CacheWatcher<T> : IDisposable
{
    private readonly Channel<CacheEvent<T>> _events;
    private readonly Action<CacheWatcher<T>> _unregister;
    private int _disposed;

    internal CacheWatcher(Func<CachedObject<T>, bool> filter, int capacity, Action<CacheWatcher<T>> unregister)
    {
        Filter = filter;
        _unregister = unregister;
        _events = Channel.CreateBounded<CacheEvent<T>>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Which objects this watcher sees.</summary>
    internal Func<CachedObject<T>, bool> Filter { get; }

    /// <summary>Events to send before the live ones.</summary>
    public IReadOnlyList<CacheEvent<T>> InitialEvents { get; internal set; } = [];

    /// <summary>Live events, in revision order.</summary>
    public ChannelReader<CacheEvent<T>> Events => _events.Reader;

    /// <summary>True when the watcher was ended because it fell behind.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Offers one event; ends the watcher if its buffer is full.</summary>
    /// <summary>
    /// Events at or below this revision (bookmarks below it) are not delivered: the client already has them (it
    /// asked to watch from a revision the cache had not reached when the watch started).
    /// </summary>
    internal long SkipThrough { get; init; }

    internal void Offer(CacheEvent<T> e)
    {
        // A bookmark at the client's own revision is news (nothing happened since); an event there is not.
        if (e.Type == CacheEventType.Bookmark ? e.Revision < SkipThrough : e.Revision <= SkipThrough)
        {
            return;
        }

        if (!_events.Writer.TryWrite(e) && _disposed == 0 && !Overflowed)
        {
            Overflowed = true;
            _events.Writer.TryComplete();
        }
    }

    /// <summary>Ends the stream (cache shutting down).</summary>
    internal void Complete(Exception? error = null) => _events.Writer.TryComplete(error);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _events.Writer.TryComplete();
            _unregister(this);
        }
    }
}
