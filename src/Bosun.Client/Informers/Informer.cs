using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bosun.Client.Informers;

/// <summary>
/// Keeps a local copy of one kind, as client-go's reflector + shared informer do: list, then watch from the list's
/// resourceVersion with bookmarks; a watch that ends (timeout) resumes from the last resourceVersion seen; 410 Gone
/// (the version left the server's window) relists; other failures retry with exponential backoff (800 ms .. 30 s).
/// </summary>
public sealed partial class Informer<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(800);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly ListWatch<T> _listWatch;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly List<InformerHandler<T>> _handlers = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Informer(ListWatch<T> listWatch, ILogger? logger = null, TimeProvider? time = null)
    {
        _listWatch = listWatch ?? throw new ArgumentNullException(nameof(listWatch));
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The shared cache (read-only for users).</summary>
    public InformerCache<T> Cache { get; } = new();

    /// <summary>True once the first list is in the cache.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The last resourceVersion seen (list, event or bookmark).</summary>
    public string LastResourceVersion { get; private set; } = "";

    /// <summary>Adds an indexer (see <see cref="Indexers"/>); add before <see cref="RunAsync"/> or at any time.</summary>
    public Informer<T> AddIndexer(string name, Func<T, IEnumerable<string>> indexFunc)
    {
        Cache.AddIndexer(name, indexFunc);
        return this;
    }

    /// <summary>Registers callbacks; register before <see cref="RunAsync"/> to see the initial list.</summary>
    public Informer<T> AddHandler(InformerHandler<T> handler)
    {
        lock (_handlers)
        {
            _handlers.Add(handler);
        }

        return this;
    }

    /// <summary>Completes when the initial list is in the cache.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>Lists and watches until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = MinBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var list = await _listWatch.List(cancellationToken);
                Replace(list.Items);
                LastResourceVersion = list.ResourceVersion;
                _synced.TrySetResult();
                backoff = MinBackoff;
                await WatchUntilGoneAsync(cancellationToken);
                LogRelist(_logger, typeof(T).Name, LastResourceVersion);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogListFailed(_logger, typeof(T).Name, e.Message);
                await DelayAsync(backoff, cancellationToken);
                backoff = Next(backoff);
            }
        }
    }

    /// <summary>Watches, resuming after each ended stream, until the server says the version is gone.</summary>
    private async Task WatchUntilGoneAsync(CancellationToken cancellationToken)
    {
        var backoff = MinBackoff;
        while (true)
        {
            Exception? streamError = null;
            try
            {
                await foreach (var (type, obj) in _listWatch.Watch(LastResourceVersion, e => streamError ??= e, cancellationToken))
                {
                    Apply(type, obj);
                    backoff = MinBackoff;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == System.Net.HttpStatusCode.Gone)
            {
                return;
            }
            catch (Exception e)
            {
                streamError ??= e;
            }

            if (streamError is KubernetesException { Status.Code: 410 })
            {
                return;
            }

            if (streamError is not null)
            {
                LogWatchFailed(_logger, typeof(T).Name, streamError.Message);
                await DelayAsync(backoff, cancellationToken);
                backoff = Next(backoff);
            }
        }
    }

    private void Apply(WatchEventType type, T obj)
    {
        if (obj?.Metadata?.ResourceVersion is { Length: > 0 } rv)
        {
            LastResourceVersion = rv;
        }

        switch (type)
        {
            case WatchEventType.Added or WatchEventType.Modified:
                var old = Cache.Upsert(obj!);
                Dispatch(h =>
                {
                    if (old is null)
                    {
                        h.OnAdd?.Invoke(obj!);
                    }
                    else
                    {
                        h.OnUpdate?.Invoke(old, obj!);
                    }
                });
                break;
            case WatchEventType.Deleted:
                var removed = Cache.Remove(ObjectKey.Of(obj!)) ?? obj!;
                Dispatch(h => h.OnDelete?.Invoke(removed));
                break;
            default:
                // Bookmarks only move the resourceVersion.
                break;
        }
    }

    /// <summary>Makes the cache equal to a fresh list, reporting what changed (deletes missed while not watching too).</summary>
    private void Replace(IReadOnlyList<T> items)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            seen.Add(ObjectKey.Of(item));
            var old = Cache.Upsert(item);
            Dispatch(h =>
            {
                if (old is null)
                {
                    h.OnAdd?.Invoke(item);
                }
                else
                {
                    h.OnUpdate?.Invoke(old, item);
                }
            });
        }

        foreach (var stale in Cache.List())
        {
            var key = ObjectKey.Of(stale);
            if (!seen.Contains(key) && Cache.Remove(key) is { } removed)
            {
                Dispatch(h => h.OnDelete?.Invoke(removed));
            }
        }
    }

    private void Dispatch(Action<InformerHandler<T>> call)
    {
        InformerHandler<T>[] handlers;
        lock (_handlers)
        {
            handlers = [.. _handlers];
        }

        foreach (var handler in handlers)
        {
            try
            {
                call(handler);
            }
            catch (Exception e)
            {
                // A faulty handler must not stop the cache from following the server.
                LogHandlerFailed(_logger, typeof(T).Name, e);
            }
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        // Jitter spreads the retries of many informers after a server restart.
        var jittered = delay * (1 + (Random.Shared.NextDouble() * 0.2));
        await Task.Delay(jittered, _time, cancellationToken);
    }

    private static TimeSpan Next(TimeSpan backoff) => backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;

    [LoggerMessage(Level = LogLevel.Debug, Message = "informer {Kind}: watch expired at {ResourceVersion}, relisting")]
    private static partial void LogRelist(ILogger logger, string kind, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "informer {Kind}: list failed: {Reason}")]
    private static partial void LogListFailed(ILogger logger, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "informer {Kind}: watch failed: {Reason}")]
    private static partial void LogWatchFailed(ILogger logger, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "informer {Kind}: event handler failed")]
    private static partial void LogHandlerFailed(ILogger logger, string kind, Exception exception);
}
