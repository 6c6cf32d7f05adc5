using System.Threading.Channels;

namespace Bosun.Storage.Sqlite;

/// <summary>
/// One watcher's bounded buffer of live events. The writer only ever tries to add to it; when it is full
/// the subscription is dropped (<see cref="Overflowed"/>) and the watcher goes back to the log.
/// </summary>
internal sealed class WatchSubscription : IDisposable
{
    private readonly Channel<StoreEvent> _channel;
    private readonly WatchBroadcaster _owner;

    public WatchSubscription(WatchBroadcaster owner, string prefix, int capacity)
    {
        _owner = owner;
        Prefix = prefix;
        _channel = Channel.CreateBounded<StoreEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string Prefix { get; }

    /// <summary>The events, in revision order; completes when the subscription overflowed or the store closed.</summary>
    public ChannelReader<StoreEvent> Reader => _channel.Reader;

    /// <summary>True when the buffer ran over and live events stopped (the watcher must re-read the log).</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Called by the broadcaster under its lock. False when the buffer is full.</summary>
    internal bool TryPublish(StoreEvent storeEvent) => _channel.Writer.TryWrite(storeEvent);

    /// <summary>Called by the broadcaster under its lock; the subscription is no longer in its list after this.</summary>
    internal void Close(bool overflowed)
    {
        Overflowed = overflowed;
        _channel.Writer.TryComplete();
    }

    public void Dispose() => _owner.Unsubscribe(this);
}
