using Bosun.Testing;
using System.Text;
using Bosun.Storage.Cache;
using Bosun.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bosun.Storage.Tests.Cache;

public sealed class CacheHubTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Delete();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    [Fact]
    public async Task Follow_WritesToTheStore_ReachTheCacheOfTheirPrefix()
    {
        await using var store = SqliteStoreFactory.Open(new SqliteStoreOptions { Path = _directory.File("hub.db") });
        await store.CreateAsync("/registry/a/x", "1"u8.ToArray());
        await using var hub = new CacheHub<string>(store, ["/registry/a/", "/registry/b/"], (_, v, _) => Encoding.UTF8.GetString(v.Span), new CacheOptions(), NullLogger.Instance);
        await hub.StartAsync(CancellationToken.None);

        var written = await store.CreateAsync("/registry/b/y", "2"u8.ToArray());
        await hub.WaitForRevisionAsync(written.ModRevision, CancellationToken.None);

        Assert.Equal(["/registry/a/x"], hub["/registry/a/"].Snapshot().Items.Keys);
        Assert.Equal("2", hub["/registry/b/"].Snapshot().Items["/registry/b/y"].Attributes);
        Assert.Equal(written.ModRevision, hub.Revision);
    }

    [Fact]
    public async Task WaitForRevision_Abandoned_LeavesNoWaiterBehind()
    {
        await using var store = SqliteStoreFactory.Open(new SqliteStoreOptions { Path = _directory.File("waiters.db") });
        await using var hub = new CacheHub<string>(store, ["/registry/a/"], (_, v, _) => Encoding.UTF8.GetString(v.Span), new CacheOptions(), NullLogger.Instance);
        await hub.StartAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var wait = hub.WaitForRevisionAsync(1_000_000, cancel.Token);
        Assert.Equal(1, hub.PendingWaiters);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.Equal(0, hub.PendingWaiters);
    }
}
