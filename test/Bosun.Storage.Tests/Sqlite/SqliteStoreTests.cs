using Bosun.Testing;
using System.Text;
using Bosun.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Bosun.Storage.Tests.Sqlite;

/// <summary>Behaviour specific to the SQLite backend (the shared contract is in the conformance suite).</summary>
public sealed class SqliteStoreTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _directory = new();
    private readonly List<IStore> _opened = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _opened)
            await store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _directory.Delete();
    }

    [Fact]
    public async Task Open_NewFile_UsesWriteAheadLogInNewDirectory()
    {
        var path = Path.Combine(_directory.Path, "nested", "dir", "state.db");
        var store = Open(new SqliteStoreOptions { Path = path });
        await store.CreateAsync("/k", Bytes("x"));

        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar() as string);
    }

    [Fact]
    public async Task Create_Acknowledged_IsInTheFilesBeforeDispose()
    {
        // What a kill -9 leaves behind is the files as they are now: copy them while the store is still open.
        var store = Open(new SqliteStoreOptions { Path = _directory.File("live.db") });
        var writes = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => store.CreateAsync($"/k/{i:D3}", Bytes($"{i}"))));
        File.Copy(_directory.File("live.db"), _directory.File("crashed.db"));
        File.Copy(_directory.File("live.db-wal"), _directory.File("crashed.db-wal"));

        var recovered = Open(new SqliteStoreOptions { Path = _directory.File("crashed.db") });

        Assert.Equal(100, await recovered.GetRevisionAsync());
        var range = await recovered.RangeAsync(new RangeRequest("/k/"));
        Assert.Equal(writes.Select(w => w.Key).Order(StringComparer.Ordinal), range.Items.Select(i => i.Key));
        Assert.Equal(101, (await recovered.CreateAsync("/k/next", Bytes("x"))).ModRevision);
    }

    [Fact]
    public async Task Watch_ConsumerFallsFarBehind_WritersNotBlockedAndWatcherCatchesUpFromLog()
    {
        var store = Open(new SqliteStoreOptions { Path = _directory.File("s.db"), WatchBufferSize = 4, WatchPageSize = 7 });
        using var cts = new CancellationTokenSource(Timeout);
        await using var watch = store.WatchAsync("/w/", 0, cts.Token).GetAsyncEnumerator(cts.Token);
        var first = watch.MoveNextAsync();
        await store.CreateAsync("/w/0", Bytes("0"), cts.Token);
        Assert.True(await first);

        // The watcher reads nothing while 500 writes go through: each one completing shows the writer never waits for it.
        for (var i = 1; i <= 500; i++)
            await store.CreateAsync($"/w/{i}", Bytes($"{i}"), cts.Token);

        var revisions = new List<long> { watch.Current.Revision };
        while (revisions[^1] < 501)
        {
            Assert.True(await watch.MoveNextAsync());
            Assert.Equal($"/w/{watch.Current.Revision - 1}", watch.Current.Key);
            revisions.Add(watch.Current.Revision);
        }

        Assert.Equal(Enumerable.Range(1, 501).Select(r => (long)r), revisions);

        // And it is live again afterwards.
        var next = watch.MoveNextAsync();
        await store.CreateAsync("/w/live", Bytes("x"), cts.Token);
        Assert.True(await next);
        Assert.Equal(502, watch.Current.Revision);
    }

    [Fact]
    public async Task Watch_StoreDisposed_DeliversCommittedEventsThenThrowsStoreUnavailable()
    {
        var store = Open(new SqliteStoreOptions { Path = _directory.File("s.db") });
        using var cts = new CancellationTokenSource(Timeout);
        var received = new List<long>();
        var watching = Task.Run(async () =>
        {
            await foreach (var e in store.WatchAsync("/", 0, cts.Token))
                received.Add(e.Revision);
        });
        var writes = Enumerable.Range(0, 50).Select(i => store.CreateAsync($"/k/{i}", Bytes("x"))).ToList();

        await store.DisposeAsync();
        await Task.WhenAll(writes);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => watching);
        Assert.Equal(Enumerable.Range(1, 50).Select(r => (long)r), received);
    }

    [Fact]
    public async Task Compact_SmallChunks_KeepsLatestAndCompactedState()
    {
        var store = Open(new SqliteStoreOptions { Path = _directory.File("s.db"), CompactionChunkSize = 3 });
        var modRevisions = new Dictionary<string, long>();
        for (var round = 0; round < 10; round++)
        {
            for (var k = 0; k < 10; k++)
            {
                var key = $"/c/{k}";
                modRevisions[key] = modRevisions.TryGetValue(key, out var rev)
                    ? (await store.UpdateAsync(key, Bytes($"{round}"), rev)).ModRevision
                    : (await store.CreateAsync(key, Bytes($"{round}"))).ModRevision;
            }
        }

        for (var k = 0; k < 10; k += 2)
            await store.DeleteAsync($"/c/{k}");
        var head = await store.GetRevisionAsync();

        await store.CompactAsync(head - 1);

        var latest = await store.RangeAsync(new RangeRequest("/c/"));
        Assert.Equal(["/c/1", "/c/3", "/c/5", "/c/7", "/c/9"], latest.Items.Select(i => i.Key));
        Assert.All(latest.Items, i => Assert.Equal("9", Encoding.UTF8.GetString(i.Value.Span)));
        var atCompacted = await store.RangeAsync(new RangeRequest("/c/", Revision: head - 1));
        Assert.Equal(["/c/1", "/c/3", "/c/5", "/c/7", "/c/8", "/c/9"], atCompacted.Items.Select(i => i.Key));
        // Only the rows needed from the compacted revision on are left: 6 live at head - 1, plus the last delete.
        Assert.Equal(7, CountLogRows(_directory.File("s.db")));
    }

    [Fact]
    public async Task Create_TokenCancelledBeforeWriterRuns_IsDroppedWithoutRevision()
    {
        var store = Open(new SqliteStoreOptions { Path = _directory.File("s.db") });
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.CreateAsync("/k", Bytes("x"), cts.Token));

        Assert.Equal(0, await store.GetRevisionAsync());
        Assert.Null(await store.GetAsync("/k"));
    }

    [Fact]
    public async Task Range_PrefixEndingInMaxChar_ThrowsArgumentException()
    {
        var store = Open(new SqliteStoreOptions { Path = _directory.File("s.db") });

        await Assert.ThrowsAsync<ArgumentException>(() => store.RangeAsync(new RangeRequest("/a\uFFFF")));
    }

    [Fact]
    public async Task Range_NonAsciiKeys_PrefixAndPagingFollowCodePointOrder()
    {
        var store = Open(new SqliteStoreOptions { Path = _directory.File("s.db") });
        string[] keys = ["/u/a", "/u/z", "/u/\u00e9", "/u/\u4e2d", "/u/\U0001F600", "/u\u00e9/x"];
        foreach (var key in keys)
            await store.CreateAsync(key, Bytes("x"));

        var all = await store.RangeAsync(new RangeRequest("/u/"));
        var fromCjk = await store.RangeAsync(new RangeRequest("/u/", StartKey: "/u/\u4e2d"));

        Assert.Equal(["/u/a", "/u/z", "/u/\u00e9", "/u/\u4e2d", "/u/\U0001F600"], all.Items.Select(i => i.Key));
        Assert.Equal(["/u/\u4e2d", "/u/\U0001F600"], fromCjk.Items.Select(i => i.Key));
    }

    private static long CountLogRows(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM log";
        return (long)command.ExecuteScalar()!;
    }

    private IStore Open(SqliteStoreOptions options)
    {
        var store = SqliteStoreFactory.Open(options);
        _opened.Add(store);
        return store;
    }

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
