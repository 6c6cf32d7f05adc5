using Bosun.Testing;
using System.Diagnostics;
using System.Text;

namespace Bosun.Storage.Tests.Etcd;

/// <summary>The etcd store when members die: each test gets its own three-member cluster, since it kills some.</summary>
public sealed class EtcdFailoverTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly EtcdCluster _cluster = EtcdCluster.OfSize(3);

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task Watch_ConnectedMemberKilled_ResumesElsewhereWithoutLossOrDuplicates()
    {
        const int writes = 300;
        await using var store = _cluster.OpenStore();
        using var cts = new CancellationTokenSource(Timeout);
        // The store starts on the first endpoint; so does the watch.
        var events = new List<StoreEvent>();
        var watching = Task.Run(async () =>
        {
            await foreach (var e in store.WatchAsync("/w/", 0, cts.Token))
            {
                events.Add(e);
                if (events.Count == writes)
                    return;
            }
        });

        for (var i = 0; i < writes; i++)
        {
            if (i == writes / 3)
                _cluster.Kill(0);
            await CreateRetryingAsync(store, $"/w/{i:D4}", cts.Token);
        }

        await watching.WaitAsync(cts.Token);
        Assert.Equal(Enumerable.Range(0, writes).Select(i => $"/w/{i:D4}"), events.Select(e => e.Key));
        // Every write of this test is under /w/: the revisions have no gap and no repeat.
        Assert.Equal(Enumerable.Range(1, writes).Select(r => (long)r), events.Select(e => e.Revision));
        Assert.All(events, e => Assert.Equal(StoreEventType.Created, e.Type));
    }

    [Fact]
    public async Task LeaderKilled_ReadsAndWritesContinue()
    {
        await using var store = _cluster.OpenStore();
        var before = await store.CreateAsync("/k/before", Bytes("1"));
        var leader = await _cluster.LeaderAsync();

        _cluster.Kill(leader);

        using var cts = new CancellationTokenSource(Timeout);
        var after = await CreateRetryingAsync(store, "/k/after", cts.Token);
        Assert.True(after.ModRevision > before.ModRevision);
        Assert.Equal("1", Text((await store.GetAsync("/k/before"))!.Value));
        var updated = await store.UpdateAsync("/k/before", Bytes("2"), before.ModRevision);
        Assert.Equal(2, (await store.RangeAsync(new RangeRequest("/k/"))).Count);
        Assert.Equal(updated.ModRevision, await store.GetRevisionAsync());
    }

    [Fact]
    public async Task QuorumLost_CallsFailWithStoreUnavailableWithinRequestTimeout()
    {
        var requestTimeout = TimeSpan.FromSeconds(2);
        await using var store = _cluster.OpenStore(configure: o => o.RequestTimeout = requestTimeout);
        await store.CreateAsync("/k", Bytes("1"));
        var leader = await _cluster.LeaderAsync();
        _cluster.Kill(leader);
        _cluster.Kill((leader + 1) % 3);

        var stopwatch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CreateAsync("/k2", Bytes("1")));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetAsync("/k"));
        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.GetRevisionAsync());

        // Three calls, each bounded by the request timeout (plus scheduling slack on a busy 2-core machine).
        Assert.True(stopwatch.Elapsed < (3 * requestTimeout) + TimeSpan.FromSeconds(3), $"took {stopwatch.Elapsed}");
    }

    /// <summary>
    /// A create whose answer was lost in the failover fails with <see cref="StoreUnavailableException"/> though
    /// etcd may have applied it; the retry then finds the key, which is ours here (unique keys).
    /// </summary>
    private static async Task<KeyValue> CreateRetryingAsync(IStore store, string key, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                return await store.CreateAsync(key, Bytes(key), cancellationToken);
            }
            catch (StoreUnavailableException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (KeyExistsException)
            {
                return (await store.GetAsync(key, 0, cancellationToken))!;
            }
        }
    }

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);
}
