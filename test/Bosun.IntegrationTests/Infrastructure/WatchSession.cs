using System.Threading.Channels;
using k8s;
using k8s.Autorest;

namespace Bosun.IntegrationTests.Infrastructure;

/// <summary>One event (or error) read from a watch.</summary>
public sealed record WatchItem<T>(WatchEventType Type, T? Value, Exception? Error);

/// <summary>Pumps a client watch into a channel so a test can read events one at a time with a timeout.</summary>
public sealed class WatchSession<T, TList> : IAsyncDisposable
{
    private readonly Channel<WatchItem<T>> _items = Channel.CreateUnbounded<WatchItem<T>>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    /// <summary>Starts a watch; <paramref name="open"/> issues the list call with watch: true.</summary>
    public WatchSession(Func<CancellationToken, Task<HttpOperationResponse<TList>>> open)
    {
        _pump = Task.Run(async () =>
        {
            try
            {
                // The list-call-with-watch form is what the task exercises; the client marks it for future removal.
#pragma warning disable CS0618
                var events = open(_stop.Token).WatchAsync<T, TList>(e => _items.Writer.TryWrite(new WatchItem<T>(WatchEventType.Error, default, e)), _stop.Token);
#pragma warning restore CS0618
                await foreach (var (type, obj) in events)
                {
                    _items.Writer.TryWrite(new WatchItem<T>(type, obj, null));
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException)
            {
                _items.Writer.TryWrite(new WatchItem<T>(WatchEventType.Error, default, e));
            }
            finally
            {
                _items.Writer.TryComplete();
            }
        });
    }

    /// <summary>The next item, skipping bookmarks unless asked for them.</summary>
    public async Task<WatchItem<T>> NextAsync(bool includeBookmarks = false, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var item = await _items.Reader.ReadAsync(cts.Token);
            if (item.Type != WatchEventType.Bookmark || includeBookmarks)
            {
                return item;
            }
        }
    }

    /// <summary>True when no non-bookmark item arrives within <paramref name="quiet"/>.</summary>
    public async Task<bool> IsQuietAsync(TimeSpan quiet)
    {
        try
        {
            await NextAsync(timeout: quiet);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _pump;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
