using Bosun.Testing;
using System.Text;
using Bosun.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bosun.Storage.Tests;

// IAsyncLifetime: xUnit 2 calls its DisposeAsync (not IAsyncDisposable's), so the store and temp dir go after each test.
#pragma warning disable CA1001 // _store is disposed in IAsyncLifetime.DisposeAsync, which the analyzer does not know.
public sealed class StoreCompactorTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();
    private readonly ManualTimeProvider _time = new();
    private readonly RecordingStore _store;

    public StoreCompactorTests() =>
        _store = new RecordingStore(SqliteStoreFactory.Open(new SqliteStoreOptions { Path = _directory.File("s.db") }));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Delete();
    }

    [Fact]
    public async Task Tick_EveryInterval_CompactsToRevisionObservedAtPreviousTick()
    {
        using var compactor = NewCompactor(Interval);
        using var cts = new CancellationTokenSource(Timeout);
        await compactor.StartAsync(cts.Token);
        await WaitForArmedTimerAsync(cts.Token);
        await CreateKeysAsync(3);

        _time.Advance(Interval);
        Assert.Equal(3, await _store.RevisionReads.Reader.ReadAsync(cts.Token));
        Assert.Equal(0, await _store.GetCompactedRevisionAsync());
        await CreateKeysAsync(2);

        _time.Advance(Interval);
        Assert.Equal(3, await _store.Compactions.Reader.ReadAsync(cts.Token));
        Assert.Equal(5, await _store.RevisionReads.Reader.ReadAsync(cts.Token));
        Assert.Equal(3, await _store.GetCompactedRevisionAsync());

        _time.Advance(Interval - TimeSpan.FromSeconds(1));
        Assert.False(_store.Compactions.Reader.TryRead(out _));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(5, await _store.Compactions.Reader.ReadAsync(cts.Token));

        await compactor.StopAsync(cts.Token);
        Assert.Equal(5, await _store.GetCompactedRevisionAsync());
    }

    [Fact]
    public async Task Tick_CompactionFails_RetriesSameRevisionNextTick()
    {
        using var compactor = NewCompactor(Interval);
        using var cts = new CancellationTokenSource(Timeout);
        await compactor.StartAsync(cts.Token);
        await WaitForArmedTimerAsync(cts.Token);
        await CreateKeysAsync(2);
        _time.Advance(Interval);
        Assert.Equal(2, await _store.RevisionReads.Reader.ReadAsync(cts.Token));
        await CreateKeysAsync(2);
        _store.FailNextCompaction = true;

        _time.Advance(Interval);
        Assert.Equal(-2, await _store.Compactions.Reader.ReadAsync(cts.Token));
        _time.Advance(Interval);
        Assert.Equal(2, await _store.Compactions.Reader.ReadAsync(cts.Token));
        Assert.Equal(4, await _store.RevisionReads.Reader.ReadAsync(cts.Token));

        await compactor.StopAsync(cts.Token);
        Assert.Equal(2, await _store.GetCompactedRevisionAsync());
    }

    [Fact]
    public async Task Tick_StoreAlreadyCompactedFurther_KeepsRunning()
    {
        using var compactor = NewCompactor(Interval);
        using var cts = new CancellationTokenSource(Timeout);
        await compactor.StartAsync(cts.Token);
        await WaitForArmedTimerAsync(cts.Token);
        await CreateKeysAsync(2);
        _time.Advance(Interval);
        Assert.Equal(2, await _store.RevisionReads.Reader.ReadAsync(cts.Token));
        // Someone else already compacted further; ours is then a no-op and the loop goes on.
        await CreateKeysAsync(2);
        await _store.CompactAsync(4, cts.Token);
        Assert.Equal(4, await _store.Compactions.Reader.ReadAsync(cts.Token));

        _time.Advance(Interval);
        Assert.Equal(2, await _store.Compactions.Reader.ReadAsync(cts.Token));
        Assert.Equal(4, await _store.RevisionReads.Reader.ReadAsync(cts.Token));

        await compactor.StopAsync(cts.Token);
        Assert.Equal(4, await _store.GetCompactedRevisionAsync());
    }

    [Fact]
    public async Task Start_ZeroInterval_DoesNothing()
    {
        using var compactor = NewCompactor(TimeSpan.Zero);
        using var cts = new CancellationTokenSource(Timeout);

        await compactor.StartAsync(cts.Token);
        await compactor.ExecuteTask!.WaitAsync(cts.Token);

        Assert.Equal(0, _time.ArmedTimers);
        await compactor.StopAsync(cts.Token);
    }

    private StoreCompactor NewCompactor(TimeSpan interval) =>
        new(_store, Options.Create(new StoreCompactorOptions { Interval = interval }), _time, NullLogger<StoreCompactor>.Instance);

    private async Task WaitForArmedTimerAsync(CancellationToken cancellationToken)
    {
        // The compactor arms its timer on a background task; poll for it rather than sleep a guessed time.
        while (_time.ArmedTimers == 0)
            await Task.Delay(5, cancellationToken);
    }

    private async Task CreateKeysAsync(int count)
    {
        for (var i = 0; i < count; i++)
            await _store.CreateAsync($"/k/{Guid.NewGuid():N}", Encoding.UTF8.GetBytes("x"));
    }
}
