using Microsoft.Extensions.Logging;

namespace Bosun.Storage.Cache;

/// <summary>
/// Feeds one <see cref="ResourceCache{T}"/> per resource prefix (the decoder gets that prefix, the value and its revision) from a single watch on the whole store, so
/// every change is applied in global revision order and "the cache has seen revision R" has one meaning.
/// On a broken watch it relists and ends the watchers (clients resume or relist, as with Kubernetes).
/// </summary>
public sealed partial class CacheHub<T> : IAsyncDisposable
{
    private readonly IStore _store;
    private readonly ILogger _logger;
    private readonly Dictionary<string, ResourceCache<T>> _caches = new(StringComparer.Ordinal);
    private int _disposed;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _waitersLock = new();
    private readonly List<(long Revision, TaskCompletionSource Done)> _waiters = [];
    private Task? _loop;
    private long _revision;

    public CacheHub(IStore store, IEnumerable<string> prefixes, Func<string, ReadOnlyMemory<byte>, long, T> decode, CacheOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _logger = logger;
        foreach (var prefix in prefixes.Distinct())
        {
            _caches[prefix] = new ResourceCache<T>(prefix, decode, () => Volatile.Read(ref _revision), options.WindowCapacity);
        }
    }

    /// <summary>The latest store revision every cache has applied.</summary>
    public long Revision => Volatile.Read(ref _revision);

    /// <summary>True once the first full load finished.</summary>
    public bool Ready { get; private set; }

    /// <summary>Waits registered and not yet released (for tests).</summary>
    internal int PendingWaiters
    {
        get
        {
            lock (_waitersLock)
            {
                return _waiters.Count;
            }
        }
    }

    /// <summary>The cache of one resource prefix.</summary>
    public ResourceCache<T> this[string prefix] => _caches[prefix];

    /// <summary>Loads every cache and starts following the store.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var revision = await LoadAsync(cancellationToken);
        Ready = true;
        _loop = Task.Run(() => FollowAsync(revision, _stop.Token), CancellationToken.None);
    }

    /// <summary>Completes when the caches have applied <paramref name="revision"/>.</summary>
    public async Task WaitForRevisionAsync(long revision, CancellationToken cancellationToken)
    {
        if (Revision >= revision)
        {
            return;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiter = (revision, done);
        lock (_waitersLock)
        {
            if (Revision >= revision)
            {
                return;
            }

            _waiters.Add(waiter);
        }

        // A waiter that gives up (timeout, client gone) leaves the list, so abandoned waits cannot pile up.
        await using var registration = cancellationToken.Register(() =>
        {
            lock (_waitersLock)
            {
                _waiters.Remove(waiter);
            }

            done.TrySetCanceled(cancellationToken);
        });
        await done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        // The host disposes the hub before the DI container, which disposes it again.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        if (_loop is not null)
        {
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }

        foreach (var cache in _caches.Values)
        {
            cache.CompleteWatchers(null);
        }

        _stop.Dispose();
    }

    private async Task<long> LoadAsync(CancellationToken cancellationToken)
    {
        var revision = await _store.GetRevisionAsync(cancellationToken);
        var byCache = _caches.Values.ToDictionary(c => c, _ => new List<KeyValue>());
        string? start = null;
        while (true)
        {
            var page = await _store.RangeAsync(new RangeRequest("/", start, 10_000, revision), cancellationToken);
            foreach (var kv in page.Items)
            {
                if (Route(kv.Key) is { } cache)
                {
                    byCache[cache].Add(kv);
                }
            }

            if (!page.More || page.Items.Count == 0)
            {
                break;
            }

            start = page.Items[^1].Key + "\0";
        }

        foreach (var (cache, items) in byCache)
        {
            cache.Load(items, revision);
        }

        Volatile.Write(ref _revision, revision);
        ReleaseWaiters(revision);
        return revision;
    }

    private async Task FollowAsync(long revision, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in _store.WatchAsync("/", revision, cancellationToken))
                {
                    Route(change.Key)?.Apply(change);
                    revision = change.Revision;
                    Volatile.Write(ref _revision, revision);
                    ReleaseWaiters(revision);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogWatchFailed(_logger, e);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
                    revision = await LoadAsync(cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception reload)
                {
                    LogWatchFailed(_logger, reload);
                }
            }
        }
    }

    /// <summary>The cache whose prefix is the longest one the key starts with; keys are /registry/&lt;resource&gt;/[ns/]name.</summary>
    private ResourceCache<T>? Route(string key)
    {
        for (var slash = key.LastIndexOf('/'); slash > 0; slash = key.LastIndexOf('/', slash - 1))
        {
            if (_caches.TryGetValue(key[..(slash + 1)], out var cache))
            {
                return cache;
            }
        }

        return null;
    }

    private void ReleaseWaiters(long revision)
    {
        List<TaskCompletionSource>? ready = null;
        lock (_waitersLock)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Revision <= revision)
                {
                    (ready ??= []).Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }

        ready?.ForEach(t => t.TrySetResult());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "watch cache lost its store watch; relisting")]
    private static partial void LogWatchFailed(ILogger logger, Exception error);
}
