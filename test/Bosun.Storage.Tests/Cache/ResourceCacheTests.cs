using System.Text;
using Bosun.Storage;
using Bosun.Storage.Cache;

namespace Bosun.Storage.Tests.Cache;

public class ResourceCacheTests
{
    private long _hubRevision;

    private ResourceCache<string> NewCache(int window = 100) =>
        new("/registry/things/", (_, value, _) => Encoding.UTF8.GetString(value.Span), () => _hubRevision, window);

    private static StoreEvent Put(string key, string value, long revision, string? previous = null) =>
        new(previous is null ? StoreEventType.Created : StoreEventType.Updated, key, revision, revision,
            Encoding.UTF8.GetBytes(value), previous is null ? ReadOnlyMemory<byte>.Empty : Encoding.UTF8.GetBytes(previous), previous is null ? 0 : revision - 1);

    private static StoreEvent Delete(string key, string last, long revision) =>
        new(StoreEventType.Deleted, key, revision, 1, Encoding.UTF8.GetBytes(last), Encoding.UTF8.GetBytes(last), revision - 1);

    private static List<CacheEvent<string>> Drain(CacheWatcher<string> watcher)
    {
        var events = watcher.InitialEvents.ToList();
        while (watcher.Events.TryRead(out var e))
        {
            events.Add(e);
        }

        return events;
    }

    [Fact]
    public void Snapshot_AfterLoadAndChanges_HoldsCurrentObjectsInKeyOrder()
    {
        var cache = NewCache();
        cache.Load([new KeyValue("/registry/things/b", "b1"u8.ToArray(), 1, 1)], 1);
        cache.Apply(Put("/registry/things/a", "a2", 2));
        cache.Apply(Put("/registry/things/b", "b3", 3, "b1"));

        var snapshot = cache.Snapshot();

        Assert.Equal(["/registry/things/a", "/registry/things/b"], snapshot.Items.Keys);
        Assert.Equal("b3", snapshot.Items["/registry/things/b"].Attributes);
        Assert.Equal(3, snapshot.Revision);
    }

    [Fact]
    public void Snapshot_HubAhead_ReportsHubRevision()
    {
        var cache = NewCache();
        cache.Load([], 5);
        _hubRevision = 9;

        Assert.Equal(9, cache.Snapshot().Revision);
    }

    [Fact]
    public void Watch_FromPastRevision_ReplaysLaterEventsThenLiveOnes()
    {
        var cache = NewCache();
        cache.Load([], 1);
        cache.Apply(Put("/registry/things/a", "1", 2));
        cache.Apply(Put("/registry/things/a", "2", 3, "1"));

        using var watcher = cache.Watch(2, sendInitialState: false, initialEventsEndBookmark: false, _ => true, 10);
        cache.Apply(Delete("/registry/things/a", "2", 4));

        var events = Drain(watcher);
        Assert.Equal([(CacheEventType.Modified, 3L), (CacheEventType.Deleted, 4L)], events.Select(e => (e.Type, e.Revision)));
        Assert.Equal("2", events[1].Item!.Attributes);
    }

    [Fact]
    public void Watch_FromRevisionAheadOfTheCache_SkipsWhatTheClientHasAndGetsTheRest()
    {
        // The client listed at 4 from the store; the cache has applied only up to 2 so far.
        var cache = NewCache();
        cache.Load([], 1);
        cache.Apply(Put("/registry/things/a", "1", 2));
        _hubRevision = 2;

        using var watcher = cache.Watch(4, sendInitialState: false, initialEventsEndBookmark: false, _ => true, 10);
        cache.Apply(Put("/registry/things/a", "2", 3, "1"));
        cache.Apply(Put("/registry/things/b", "1", 4));
        cache.Apply(Put("/registry/things/b", "2", 5, "1"));

        Assert.Equal([(CacheEventType.Modified, 5L)], Drain(watcher).Select(e => (e.Type, e.Revision)));
    }

    [Fact]
    public void Watch_FromRevisionAheadOfTheCache_BookmarkAtThatRevisionIsDeliveredButNotBelow()
    {
        var cache = NewCache();
        cache.Load([], 1);
        _hubRevision = 3;
        using var watcher = cache.Watch(4, false, false, _ => true, 10);

        cache.Bookmark(watcher);
        _hubRevision = 4;
        cache.Bookmark(watcher);

        Assert.Equal([(CacheEventType.Bookmark, 4L)], Drain(watcher).Select(e => (e.Type, e.Revision)));
    }

    [Fact]
    public void Watch_ObjectStopsMatching_GetsDeletedWithLastMatchingState()
    {
        var cache = NewCache();
        cache.Load([], 1);
        using var watcher = cache.Watch(1, false, false, o => o.Attributes.StartsWith("keep", StringComparison.Ordinal), 10);

        cache.Apply(Put("/registry/things/a", "keep-1", 2));
        cache.Apply(Put("/registry/things/a", "drop", 3, "keep-1"));
        cache.Apply(Put("/registry/things/a", "keep-2", 4, "drop"));

        var events = Drain(watcher);
        Assert.Equal([CacheEventType.Added, CacheEventType.Deleted, CacheEventType.Added], events.Select(e => e.Type));
        Assert.Equal("keep-1", events[1].Item!.Attributes);
        Assert.Equal(3, events[1].Revision);
    }

    [Fact]
    public void Watch_InitialState_SendsAddedThenBookmarkEnd()
    {
        var cache = NewCache();
        cache.Load([new KeyValue("/registry/things/a", "a"u8.ToArray(), 1, 1), new KeyValue("/registry/things/b", "b"u8.ToArray(), 2, 2)], 2);

        using var watcher = cache.Watch(0, sendInitialState: true, initialEventsEndBookmark: true, _ => true, 10);

        var events = Drain(watcher);
        Assert.Equal([CacheEventType.Added, CacheEventType.Added, CacheEventType.Bookmark], events.Select(e => e.Type));
        Assert.True(events[2].InitialEventsEnd);
        Assert.Equal(2, events[2].Revision);
    }

    [Fact]
    public void Watch_OlderThanWindow_ThrowsCompacted()
    {
        var cache = NewCache(window: 2);
        cache.Load([], 1);
        for (var rev = 2; rev <= 5; rev++)
        {
            cache.Apply(Put($"/registry/things/k{rev}", "v", rev));
        }

        var error = Assert.Throws<CompactedException>(() => cache.Watch(2, false, false, _ => true, 10));
        Assert.Equal(3, error.CompactedRevision);
        using var ok = cache.Watch(3, false, false, _ => true, 10);
        Assert.Equal(2, Drain(ok).Count);
    }

    [Fact]
    public void Offer_WatcherBufferFull_EndsOnlyThatWatcher()
    {
        var cache = NewCache();
        cache.Load([], 1);
        using var slow = cache.Watch(1, false, false, _ => true, 1);
        using var fast = cache.Watch(1, false, false, _ => true, 10);

        cache.Apply(Put("/registry/things/a", "1", 2));
        cache.Apply(Put("/registry/things/b", "1", 3));

        Assert.True(slow.Overflowed);
        Assert.False(fast.Overflowed);
        Assert.Equal(2, Drain(fast).Count);
    }

    [Fact]
    public void Bookmark_QueuesBehindPendingEvents()
    {
        var cache = NewCache();
        cache.Load([], 1);
        using var watcher = cache.Watch(1, false, false, _ => true, 10);
        cache.Apply(Put("/registry/things/a", "1", 2));
        _hubRevision = 7;

        cache.Bookmark(watcher);

        var events = Drain(watcher);
        Assert.Equal([(CacheEventType.Added, 2L), (CacheEventType.Bookmark, 7L)], events.Select(e => (e.Type, e.Revision)));
    }

    [Fact]
    public void Dispose_RemovesWatcher()
    {
        var cache = NewCache();
        cache.Load([], 1);
        var watcher = cache.Watch(1, false, false, _ => true, 10);

        watcher.Dispose();

        Assert.Equal(0, cache.WatcherCount);
    }
}
