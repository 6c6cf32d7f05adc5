using System.Text;

namespace Bosun.Storage.Tests;

/// <summary>
/// The behaviour every <see cref="IStore"/> backend must show. A backend's test class subclasses this and
/// says how to open a store; every test then runs against that backend.
/// </summary>
public abstract class StoreConformanceTests : IAsyncLifetime
{
    /// <summary>Upper bound for anything a test waits on; a healthy run never gets near it.</summary>
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly List<IStore> _opened = [];

    /// <summary>
    /// Opens a store on this test's own backing data. The first call gets an empty store; a later call (after
    /// the previous store was disposed) must see everything the previous one committed.
    /// </summary>
    protected abstract Task<IStore> OpenStoreAsync();

    /// <summary>Removes this test's backing data; runs after every store it opened was disposed.</summary>
    protected virtual Task CleanupAsync() => Task.CompletedTask;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _opened)
            await store.DisposeAsync();
        await CleanupAsync();
    }

    [Fact]
    public async Task GetRevision_EmptyStore_IsZero()
    {
        var store = await OpenAsync();

        Assert.Equal(0, await store.GetRevisionAsync());
        Assert.Equal(0, await store.GetCompactedRevisionAsync());
        var range = await store.RangeAsync(new RangeRequest("/"));
        Assert.Empty(range.Items);
        Assert.Equal(0, range.Revision);
        Assert.Equal(0, range.Count);
    }

    [Fact]
    public async Task Create_SeveralKeys_RevisionsAreGlobalAndConsecutive()
    {
        var store = await OpenAsync();

        var a = await store.CreateAsync("/a/1", Bytes("a"));
        var b = await store.CreateAsync("/b/1", Bytes("b"));
        var c = await store.CreateAsync("/a/2", Bytes("c"));
        var a2 = await store.UpdateAsync("/a/1", Bytes("a2"), a.ModRevision);
        var deleted = await store.DeleteAsync("/b/1");

        Assert.Equal([1L, 2, 3, 4, 5], new[] { a.ModRevision, b.ModRevision, c.ModRevision, a2.ModRevision, deleted.Revision });
        Assert.Equal(a.ModRevision, a.CreateRevision);
        Assert.Equal(5, await store.GetRevisionAsync());
    }

    [Fact]
    public async Task Create_ExistingKey_ThrowsKeyExistsAndKeepsRevision()
    {
        var store = await OpenAsync();
        await store.CreateAsync("/k", Bytes("1"));

        var ex = await Assert.ThrowsAsync<KeyExistsException>(() => store.CreateAsync("/k", Bytes("2")));

        Assert.Equal("/k", ex.Key);
        Assert.Equal(1, await store.GetRevisionAsync());
        Assert.Equal("1", Text((await store.GetAsync("/k"))!.Value));
    }

    [Fact]
    public async Task Create_SameKeyConcurrently_ExactlyOneWins()
    {
        var store = await OpenAsync();

        var attempts = Enumerable.Range(0, 50).Select(i => Task.Run(() => store.CreateAsync("/same", Bytes($"{i}")))).ToList();
        var outcomes = await Task.WhenAll(attempts.Select(async a =>
        {
            try
            {
                return await a;
            }
            catch (KeyExistsException)
            {
                return null;
            }
        }));

        var winner = Assert.Single(outcomes, o => o is not null);
        Assert.Equal(1, await store.GetRevisionAsync());
        Assert.Equal(Text(winner!.Value), Text((await store.GetAsync("/same"))!.Value));
    }

    [Fact]
    public async Task Get_MissingKey_ReturnsNull()
    {
        var store = await OpenAsync();
        await store.CreateAsync("/a", Bytes("x"));

        Assert.Null(await store.GetAsync("/b"));
        Assert.Null(await store.GetAsync("/a/"));
    }

    [Fact]
    public async Task Get_ExistingKey_ReturnsValueAndRevisions()
    {
        var store = await OpenAsync();
        var created = await store.CreateAsync("/registry/pods/default/web", Bytes("{\"a\":1}"));

        var read = await store.GetAsync("/registry/pods/default/web");

        Assert.NotNull(read);
        Assert.Equal("/registry/pods/default/web", read.Key);
        Assert.Equal("{\"a\":1}", Text(read.Value));
        Assert.Equal(created.CreateRevision, read.CreateRevision);
        Assert.Equal(created.ModRevision, read.ModRevision);
    }

    [Fact]
    public async Task Create_CallerReusesBuffer_StoredValueUnchanged()
    {
        var store = await OpenAsync();
        var buffer = Encoding.UTF8.GetBytes("before");

        var created = await store.CreateAsync("/k", buffer);
        Encoding.UTF8.GetBytes("after!").CopyTo(buffer, 0);

        Assert.Equal("before", Text(created.Value));
        Assert.Equal("before", Text((await store.GetAsync("/k"))!.Value));
    }

    [Fact]
    public async Task Create_AfterDelete_StartsNewIncarnation()
    {
        var store = await OpenAsync();
        await store.CreateAsync("/k", Bytes("1"));
        await store.DeleteAsync("/k");

        var again = await store.CreateAsync("/k", Bytes("2"));

        Assert.Equal(3, again.CreateRevision);
        Assert.Equal(3, again.ModRevision);
        Assert.Equal("2", Text((await store.GetAsync("/k"))!.Value));
    }

    [Fact]
    public async Task Update_CurrentRevision_ReplacesValueAndKeepsCreateRevision()
    {
        var store = await OpenAsync();
        var created = await store.CreateAsync("/k", Bytes("1"));
        await store.CreateAsync("/other", Bytes("x"));

        var updated = await store.UpdateAsync("/k", Bytes("2"), created.ModRevision);

        Assert.Equal(created.CreateRevision, updated.CreateRevision);
        Assert.Equal(3, updated.ModRevision);
        var read = await store.GetAsync("/k");
        Assert.Equal("2", Text(read!.Value));
        Assert.Equal(3, read.ModRevision);
    }

    [Fact]
    public async Task Update_StaleRevision_ThrowsConflictCarryingCurrent()
    {
        var store = await OpenAsync();
        var created = await store.CreateAsync("/k", Bytes("1"));
        var updated = await store.UpdateAsync("/k", Bytes("2"), created.ModRevision);

        var ex = await Assert.ThrowsAsync<RevisionConflictException>(() => store.UpdateAsync("/k", Bytes("3"), created.ModRevision));

        Assert.NotNull(ex.Current);
        Assert.Equal(updated.ModRevision, ex.Current.ModRevision);
        Assert.Equal(created.CreateRevision, ex.Current.CreateRevision);
        Assert.Equal("2", Text(ex.Current.Value));
        Assert.Equal(2, await store.GetRevisionAsync());
    }

    [Fact]
    public async Task Delete_StaleRevision_ThrowsConflictCarryingCurrent()
    {
        var store = await OpenAsync();
        var created = await store.CreateAsync("/k", Bytes("1"));
        await store.UpdateAsync("/k", Bytes("2"), created.ModRevision);

        var ex = await Assert.ThrowsAsync<RevisionConflictException>(() => store.DeleteAsync("/k", created.ModRevision));

        Assert.Equal(2, ex.Current!.ModRevision);
        Assert.Equal("2", Text(ex.Current.Value));
        Assert.NotNull(await store.GetAsync("/k"));
    }

    [Fact]
    public async Task Update_MissingKey_ThrowsKeyMissing()
    {
        var store = await OpenAsync();

        var ex = await Assert.ThrowsAsync<KeyMissingException>(() => store.UpdateAsync("/nope", Bytes("1"), 1));

        Assert.Equal("/nope", ex.Key);
    }

    [Fact]
    public async Task Update_DeletedKey_ThrowsKeyMissing()
    {
        var store = await OpenAsync();
        var created = await store.CreateAsync("/k", Bytes("1"));
        await store.DeleteAsync("/k");

        await Assert.ThrowsAsync<KeyMissingException>(() => store.UpdateAsync("/k", Bytes("2"), created.ModRevision));
    }

    [Fact]
    public async Task Delete_MissingKey_ThrowsKeyMissing()
    {
        var store = await OpenAsync();

        await Assert.ThrowsAsync<KeyMissingException>(() => store.DeleteAsync("/nope"));
        await Assert.ThrowsAsync<KeyMissingException>(() => store.DeleteAsync("/nope", 5));
        Assert.Equal(0, await store.GetRevisionAsync());
    }

    [Fact]
    public async Task Delete_ExistingKey_ReturnsLastValueAndRemovesKey()
    {
        var store = await OpenAsync();
        var created = await store.CreateAsync("/k", Bytes("1"));
        var updated = await store.UpdateAsync("/k", Bytes("2"), created.ModRevision);

        var deleted = await store.DeleteAsync("/k", updated.ModRevision);

        Assert.Equal(3, deleted.Revision);
        Assert.Equal("2", Text(deleted.Deleted.Value));
        Assert.Equal(updated.ModRevision, deleted.Deleted.ModRevision);
        Assert.Equal(created.CreateRevision, deleted.Deleted.CreateRevision);
        Assert.Null(await store.GetAsync("/k"));
    }

    [Fact]
    public async Task Range_Prefix_ExcludesSiblingPrefixes()
    {
        var store = await OpenAsync();
        foreach (var key in new[] { "/ab/1", "/a/2", "/a", "/b/1", "/a/1", "/ab", "/a/sub/3" })
            await store.CreateAsync(key, Bytes(key));

        var a = await store.RangeAsync(new RangeRequest("/a/"));
        var ab = await store.RangeAsync(new RangeRequest("/ab/"));

        Assert.Equal(["/a/1", "/a/2", "/a/sub/3"], a.Items.Select(i => i.Key));
        Assert.Equal(["/a/1", "/a/2", "/a/sub/3"], a.Items.Select(i => Text(i.Value)));
        Assert.Equal(3, a.Count);
        Assert.False(a.More);
        Assert.Equal(7, a.Revision);
        Assert.Equal(["/ab/1"], ab.Items.Select(i => i.Key));
    }

    [Fact]
    public async Task Range_LimitAndStartKey_PagesInKeyOrder()
    {
        var store = await OpenAsync();
        var keys = Enumerable.Range(0, 10).Select(i => $"/p/{i:D2}").ToList();
        foreach (var key in keys.OrderBy(k => k.GetHashCode(StringComparison.Ordinal)))
            await store.CreateAsync(key, Bytes(key));
        await store.CreateAsync("/q/00", Bytes("other"));

        var seen = new List<string>();
        string? start = null;
        var pages = 0;
        while (true)
        {
            var page = await store.RangeAsync(new RangeRequest("/p/", start, Limit: 3));
            pages++;
            Assert.Equal(10 - seen.Count, page.Count);
            seen.AddRange(page.Items.Select(i => i.Key));
            Assert.Equal(seen.Count < 10, page.More);
            if (!page.More)
                break;
            // Kubernetes continues after the last key by appending a NUL.
            start = page.Items[^1].Key + "\0";
        }

        Assert.Equal(4, pages);
        Assert.Equal(keys, seen);
    }

    [Fact]
    public async Task Range_LimitEqualToCount_MoreIsFalse()
    {
        var store = await OpenAsync();
        for (var i = 0; i < 3; i++)
            await store.CreateAsync($"/p/{i}", Bytes("x"));

        var page = await store.RangeAsync(new RangeRequest("/p/", Limit: 3));

        Assert.Equal(3, page.Items.Count);
        Assert.Equal(3, page.Count);
        Assert.False(page.More);
    }

    [Fact]
    public async Task Range_AtPastRevision_ReturnsStateAsOfThatRevision()
    {
        var store = await OpenAsync();
        var a = await store.CreateAsync("/r/a", Bytes("a1"));        // 1
        await store.CreateAsync("/r/b", Bytes("b1"));                // 2
        await store.UpdateAsync("/r/a", Bytes("a2"), a.ModRevision); // 3
        await store.DeleteAsync("/r/b");                             // 4
        await store.CreateAsync("/r/c", Bytes("c1"));                // 5
        await store.CreateAsync("/r/b", Bytes("b2"));                // 6

        Assert.Equal(["/r/a=a1"], await SnapshotAsync(store, "/r/", 1));
        Assert.Equal(["/r/a=a1", "/r/b=b1"], await SnapshotAsync(store, "/r/", 2));
        Assert.Equal(["/r/a=a2", "/r/b=b1"], await SnapshotAsync(store, "/r/", 3));
        Assert.Equal(["/r/a=a2"], await SnapshotAsync(store, "/r/", 4));
        Assert.Equal(["/r/a=a2", "/r/c=c1"], await SnapshotAsync(store, "/r/", 5));
        Assert.Equal(["/r/a=a2", "/r/b=b2", "/r/c=c1"], await SnapshotAsync(store, "/r/", 6));

        var paged = await store.RangeAsync(new RangeRequest("/r/", Limit: 1, Revision: 3));
        Assert.Equal(3, paged.Revision);
        Assert.Equal(["/r/a"], paged.Items.Select(i => i.Key));
        Assert.Equal(2, paged.Count);
        Assert.True(paged.More);
        var second = await store.RangeAsync(new RangeRequest("/r/", "/r/a\0", Limit: 1, Revision: 3));
        Assert.Equal(["/r/b"], second.Items.Select(i => i.Key));
        Assert.Equal(2, second.Items[0].CreateRevision);
        Assert.Equal(1, second.Count);
        Assert.False(second.More);
    }

    [Fact]
    public async Task Get_AtPastRevision_ReturnsValueAsOfThatRevision()
    {
        var store = await OpenAsync();
        var created = await store.CreateAsync("/k", Bytes("1"));
        await store.UpdateAsync("/k", Bytes("2"), created.ModRevision);
        await store.DeleteAsync("/k");

        var at1 = await store.GetAsync("/k", 1);
        var at2 = await store.GetAsync("/k", 2);

        Assert.Equal("1", Text(at1!.Value));
        Assert.Equal(1, at1.ModRevision);
        Assert.Equal("2", Text(at2!.Value));
        Assert.Equal(2, at2.ModRevision);
        Assert.Equal(1, at2.CreateRevision);
        Assert.Null(await store.GetAsync("/k", 3));
        Assert.Null(await store.GetAsync("/k"));
    }

    [Fact]
    public async Task Range_FutureRevision_ThrowsFutureRevision()
    {
        var store = await OpenAsync();
        await store.CreateAsync("/k", Bytes("1"));

        await Assert.ThrowsAsync<FutureRevisionException>(() => store.RangeAsync(new RangeRequest("/", Revision: 2)));
        await Assert.ThrowsAsync<FutureRevisionException>(() => store.GetAsync("/k", 2));
    }

    [Fact]
    public async Task Watch_FromPastRevisionUnderConcurrentWriters_DeliversEveryEventOnceInOrder()
    {
        const int writers = 8;
        const int opsPerWriter = 200;
        var store = await OpenAsync();
        for (var i = 0; i < 50; i++)
            await store.CreateAsync($"/w/history/{i}", Bytes("h"));
        var start = 20;

        using var cts = new CancellationTokenSource(Timeout);
        var writing = Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            // Each writer walks its own key through create, updates and delete/re-create: every op changes it.
            var key = $"/w/writer/{w}";
            KeyValue? current = null;
            for (var op = 0; op < opsPerWriter; op++)
            {
                if (current is null)
                    current = await store.CreateAsync(key, Bytes($"{w}:{op}"), cts.Token);
                else if (op % 10 == 9)
                {
                    await store.DeleteAsync(key, current.ModRevision, cts.Token);
                    current = null;
                }
                else
                    current = await store.UpdateAsync(key, Bytes($"{w}:{op}"), current.ModRevision, cts.Token);
            }
        })));

        var events = new List<StoreEvent>();
        var total = 50 + writers * opsPerWriter;
        await foreach (var e in store.WatchAsync("/w/", start, cts.Token))
        {
            events.Add(e);
            if (e.Revision == total)
                break;
        }

        await writing;
        Assert.Equal(Enumerable.Range(start + 1, total - start).Select(r => (long)r), events.Select(e => e.Revision));
        for (var w = 0; w < writers; w++)
        {
            var mine = events.Where(e => e.Key == $"/w/writer/{w}").ToList();
            Assert.Equal(opsPerWriter, mine.Count);
            for (var op = 0; op < opsPerWriter; op++)
            {
                var expectedType = op % 10 == 0 ? StoreEventType.Created : op % 10 == 9 ? StoreEventType.Deleted : StoreEventType.Updated;
                Assert.Equal(expectedType, mine[op].Type);
                var expectedValue = expectedType == StoreEventType.Deleted ? $"{w}:{op - 1}" : $"{w}:{op}";
                Assert.Equal(expectedValue, Text(mine[op].Value));
                if (op > 0 && expectedType != StoreEventType.Created)
                    Assert.Equal(mine[op - 1].Revision, mine[op].PreviousRevision);
            }
        }
    }

    [Fact]
    public async Task Watch_Prefix_DeliversOnlyKeysUnderIt()
    {
        var store = await OpenAsync();
        await store.CreateAsync("/a/1", Bytes("1"));
        await store.CreateAsync("/ab/1", Bytes("x"));
        using var cts = new CancellationTokenSource(Timeout);
        var watching = CollectAsync(store.WatchAsync("/a/", 0, cts.Token), untilRevision: 6);

        await store.CreateAsync("/ab/2", Bytes("x"));
        await store.CreateAsync("/b/1", Bytes("x"));
        await store.CreateAsync("/a", Bytes("x"));
        await store.CreateAsync("/a/2", Bytes("2"));

        var events = await watching;
        Assert.Equal(["/a/1", "/a/2"], events.Select(e => e.Key));
        Assert.Equal([1L, 6], events.Select(e => e.Revision));
    }

    [Fact]
    public async Task Watch_HistoricEvents_CarryPreviousAndDeletedValues()
    {
        var store = await OpenAsync();
        await WriteCreateUpdateDeleteAsync(store);
        using var cts = new CancellationTokenSource(Timeout);

        var events = await CollectAsync(store.WatchAsync("/e/", 0, cts.Token), untilRevision: 3);

        AssertCreateUpdateDeleteEvents(events);
    }

    [Fact]
    public async Task Watch_LiveEvents_CarryPreviousAndDeletedValues()
    {
        var store = await OpenAsync();
        using var cts = new CancellationTokenSource(Timeout);
        var watching = CollectAsync(store.WatchAsync("/e/", 0, cts.Token), untilRevision: 3);

        await WriteCreateUpdateDeleteAsync(store);

        AssertCreateUpdateDeleteEvents(await watching);
    }

    [Fact]
    public async Task Watch_AfterCurrentRevision_DeliversOnlyNewerEvents()
    {
        var store = await OpenAsync();
        await store.CreateAsync("/k/1", Bytes("1"));
        await store.CreateAsync("/k/2", Bytes("2"));
        using var cts = new CancellationTokenSource(Timeout);
        var watching = CollectAsync(store.WatchAsync("/k/", await store.GetRevisionAsync(), cts.Token), untilRevision: 3);

        await store.CreateAsync("/k/3", Bytes("3"));

        Assert.Equal(["/k/3"], (await watching).Select(e => e.Key));
    }

    [Fact]
    public async Task Watch_Cancelled_ThrowsOperationCanceled()
    {
        var store = await OpenAsync();
        await store.CreateAsync("/k/1", Bytes("1"));
        using var cts = new CancellationTokenSource();
        var enumerator = store.WatchAsync("/k/", 0, cts.Token).GetAsyncEnumerator(cts.Token);
        try
        {
            Assert.True(await enumerator.MoveNextAsync());
            var next = enumerator.MoveNextAsync();

            await cts.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await next);
        }
        finally
        {
            await enumerator.DisposeAsync();
        }
    }

    [Fact]
    public async Task Compact_OlderRevisions_ThrowCompactedWhileNewerStillServed()
    {
        var store = await OpenAsync();
        var a = await store.CreateAsync("/c/a", Bytes("a1"));          // 1
        await store.CreateAsync("/c/b", Bytes("b1"));                  // 2
        a = await store.UpdateAsync("/c/a", Bytes("a2"), a.ModRevision); // 3
        await store.DeleteAsync("/c/b");                               // 4
        await store.CreateAsync("/c/d", Bytes("d1"));                  // 5
        a = await store.UpdateAsync("/c/a", Bytes("a3"), a.ModRevision); // 6
        var before = await SnapshotAsync(store, "/c/", 4);

        await store.CompactAsync(4);

        Assert.Equal(4, await store.GetCompactedRevisionAsync());
        Assert.Equal(6, await store.GetRevisionAsync());
        var compacted = await Assert.ThrowsAsync<CompactedException>(() => store.RangeAsync(new RangeRequest("/c/", Revision: 3)));
        Assert.Equal(4, compacted.CompactedRevision);
        await Assert.ThrowsAsync<CompactedException>(() => store.GetAsync("/c/a", 2));
        await Assert.ThrowsAsync<CompactedException>(async () =>
        {
            await foreach (var unused in store.WatchAsync("/c/", 3))
                break;
        });

        Assert.Equal(before, await SnapshotAsync(store, "/c/", 4));
        Assert.Equal(["/c/a=a2", "/c/d=d1"], await SnapshotAsync(store, "/c/", 5));
        Assert.Equal(["/c/a=a3", "/c/d=d1"], await SnapshotAsync(store, "/c/", 0));
        Assert.Equal("a2", Text((await store.GetAsync("/c/a", 4))!.Value));
        Assert.Null(await store.GetAsync("/c/b", 4));

        using var cts = new CancellationTokenSource(Timeout);
        var events = await CollectAsync(store.WatchAsync("/c/", 4, cts.Token), untilRevision: 6);
        Assert.Equal([5L, 6], events.Select(e => e.Revision));
        Assert.Equal(StoreEventType.Updated, events[1].Type);
        Assert.Equal("a2", Text(events[1].PreviousValue));
        Assert.Equal(3, events[1].PreviousRevision);
    }

    [Fact]
    public async Task Compact_MixedHistory_KeepsEveryStateFromCompactedRevisionOn()
    {
        var store = await OpenAsync();
        var random = new Random(12345);
        var live = new Dictionary<string, long>();
        for (var i = 0; i < 300; i++)
        {
            var key = $"/m/{random.Next(20):D2}";
            if (!live.TryGetValue(key, out var modRevision))
                live[key] = (await store.CreateAsync(key, Bytes($"v{i}"))).ModRevision;
            else if (random.Next(4) == 0)
            {
                await store.DeleteAsync(key, modRevision);
                live.Remove(key);
            }
            else
                live[key] = (await store.UpdateAsync(key, Bytes($"v{i}"), modRevision)).ModRevision;
        }

        var head = await store.GetRevisionAsync();
        var snapshots = new Dictionary<long, string[]>();
        for (var r = 150L; r <= head; r++)
            snapshots[r] = await SnapshotAsync(store, "/m/", r);
        var events = await CollectAsync(store.WatchAsync("/m/", 150), untilRevision: head);

        await store.CompactAsync(150);

        for (var r = 150L; r <= head; r++)
            Assert.Equal(snapshots[r], await SnapshotAsync(store, "/m/", r));
        var after = await CollectAsync(store.WatchAsync("/m/", 150), untilRevision: head);
        Assert.Equal(events, after, StoreEventComparer.Instance);
        await Assert.ThrowsAsync<CompactedException>(() => store.RangeAsync(new RangeRequest("/m/", Revision: 149)));
    }

    [Fact]
    public async Task Compact_AtOrBelowCompactedRevision_DoesNothing()
    {
        var store = await OpenAsync();
        for (var i = 0; i < 5; i++)
            await store.CreateAsync($"/k/{i}", Bytes("x"));
        await store.CompactAsync(4);

        await store.CompactAsync(2);
        await store.CompactAsync(4);

        Assert.Equal(4, await store.GetCompactedRevisionAsync());
        Assert.Equal(5, (await store.RangeAsync(new RangeRequest("/k/"))).Count);
    }

    [Fact]
    public async Task Compact_FutureRevision_ThrowsFutureRevision()
    {
        var store = await OpenAsync();
        await store.CreateAsync("/k", Bytes("x"));

        await Assert.ThrowsAsync<FutureRevisionException>(() => store.CompactAsync(2));
        Assert.Equal(0, await store.GetCompactedRevisionAsync());
    }

    [Fact]
    public async Task Compact_ToHeadAfterDelete_RevisionStaysAndContinues()
    {
        var store = await OpenAsync();
        await store.CreateAsync("/k", Bytes("x"));
        await store.DeleteAsync("/k");

        await store.CompactAsync(2);

        Assert.Equal(2, await store.GetRevisionAsync());
        Assert.Equal(2, (await store.RangeAsync(new RangeRequest("/"))).Revision);
        Assert.Equal(3, (await store.CreateAsync("/k", Bytes("y"))).ModRevision);
    }

    [Fact]
    public async Task Update_100ConcurrentCasUpdaters_NoLostUpdates()
    {
        const int updaters = 100;
        const int incrementsEach = 3;
        var store = await OpenAsync();
        var initial = await store.CreateAsync("/counter", Bytes("0"));
        using var cts = new CancellationTokenSource(Timeout);

        var wins = await Task.WhenAll(Enumerable.Range(0, updaters).Select(_ => Task.Run(async () =>
        {
            var won = new List<long>();
            var current = (await store.GetAsync("/counter", 0, cts.Token))!;
            while (won.Count < incrementsEach)
            {
                var next = Bytes((int.Parse(Text(current.Value)) + 1).ToString());
                try
                {
                    current = await store.UpdateAsync("/counter", next, current.ModRevision, cts.Token);
                    won.Add(current.ModRevision);
                }
                catch (RevisionConflictException ex)
                {
                    current = ex.Current!;
                }
            }

            return won;
        })));

        var revisions = wins.SelectMany(w => w).Order().ToList();
        Assert.Equal(updaters * incrementsEach, revisions.Count);
        // Exactly one update won at each revision, and every one of them counted.
        Assert.Equal(Enumerable.Range((int)initial.ModRevision + 1, revisions.Count).Select(r => (long)r), revisions);
        var final = await store.GetAsync("/counter");
        Assert.Equal((updaters * incrementsEach).ToString(), Text(final!.Value));
        Assert.Equal(revisions[^1], final.ModRevision);
    }

    [Fact]
    public async Task Reopen_AfterDispose_ContinuesRevisionAndKeepsData()
    {
        var store = await OpenAsync();
        var a = await store.CreateAsync("/k/a", Bytes("a1"));
        await store.UpdateAsync("/k/a", Bytes("a2"), a.ModRevision);
        await store.CreateAsync("/k/b", Bytes("b1"));
        await store.DeleteAsync("/k/b");
        await store.CompactAsync(2);
        await store.DisposeAsync();

        var reopened = await OpenAsync();

        Assert.Equal(4, await reopened.GetRevisionAsync());
        Assert.Equal(2, await reopened.GetCompactedRevisionAsync());
        Assert.Equal(["/k/a=a2"], await SnapshotAsync(reopened, "/k/", 0));
        Assert.Equal(["/k/a=a2", "/k/b=b1"], await SnapshotAsync(reopened, "/k/", 3));
        await Assert.ThrowsAsync<CompactedException>(() => reopened.GetAsync("/k/a", 1));
        Assert.Equal(5, (await reopened.CreateAsync("/k/c", Bytes("c"))).ModRevision);
    }

    [Fact]
    public async Task Dispose_WithQueuedWrites_CommitsThemAndRefusesNewOnes()
    {
        var store = await OpenAsync();
        var pending = Enumerable.Range(0, 200).Select(i => store.CreateAsync($"/d/{i:D3}", Bytes($"{i}"))).ToList();

        await store.DisposeAsync();

        var results = await Task.WhenAll(pending);
        Assert.Equal(Enumerable.Range(1, 200).Select(r => (long)r), results.Select(r => r.ModRevision).Order());
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CreateAsync("/d/late", Bytes("x")));
        var reopened = await OpenAsync();
        Assert.Equal(200, (await reopened.RangeAsync(new RangeRequest("/d/"))).Count);
        Assert.Equal(200, await reopened.GetRevisionAsync());
    }

    /// <summary>Opens a store that is disposed when the test ends.</summary>
    protected async Task<IStore> OpenAsync()
    {
        var store = await OpenStoreAsync();
        _opened.Add(store);
        return store;
    }

    protected static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    /// <summary>Events from <paramref name="events"/> up to and including <paramref name="untilRevision"/>.</summary>
    protected static async Task<List<StoreEvent>> CollectAsync(IAsyncEnumerable<StoreEvent> events, long untilRevision)
    {
        var collected = new List<StoreEvent>();
        using var cts = new CancellationTokenSource(Timeout);
        await foreach (var e in events.WithCancellation(cts.Token))
        {
            collected.Add(e);
            if (e.Revision >= untilRevision)
                break;
        }

        return collected;
    }

    /// <summary>"key=value" for every key under the prefix at a revision (0 = latest).</summary>
    protected static async Task<string[]> SnapshotAsync(IStore store, string prefix, long revision)
    {
        var range = await store.RangeAsync(new RangeRequest(prefix, Revision: revision));
        Assert.Equal(range.Items.Count, range.Count);
        return range.Items.Select(i => $"{i.Key}={Text(i.Value)}").ToArray();
    }

    private static async Task WriteCreateUpdateDeleteAsync(IStore store)
    {
        var created = await store.CreateAsync("/e/k", Bytes("v1"));
        await store.UpdateAsync("/e/k", Bytes("v2"), created.ModRevision);
        await store.DeleteAsync("/e/k");
    }

    private static void AssertCreateUpdateDeleteEvents(List<StoreEvent> events)
    {
        Assert.Equal(3, events.Count);
        var (created, updated, deleted) = (events[0], events[1], events[2]);

        Assert.Equal(StoreEventType.Created, created.Type);
        Assert.Equal((1L, 1L, "v1", "", 0L), (created.Revision, created.CreateRevision, Text(created.Value), Text(created.PreviousValue), created.PreviousRevision));

        Assert.Equal(StoreEventType.Updated, updated.Type);
        Assert.Equal((2L, 1L, "v2", "v1", 1L), (updated.Revision, updated.CreateRevision, Text(updated.Value), Text(updated.PreviousValue), updated.PreviousRevision));

        Assert.Equal(StoreEventType.Deleted, deleted.Type);
        Assert.Equal((3L, 1L, "v2", "v2", 2L), (deleted.Revision, deleted.CreateRevision, Text(deleted.Value), Text(deleted.PreviousValue), deleted.PreviousRevision));
        Assert.All(events, e => Assert.Equal("/e/k", e.Key));
    }
}
