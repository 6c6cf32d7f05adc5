namespace Bosun.Storage.Sqlite;

/// <summary>
/// Hands committed events to live watchers. Subscribing and publishing take the same lock, which is what
/// makes the switch from log to live gap-free: an event committed before a subscription exists is in the
/// log the watcher reads next, and one committed after is published to it (the watcher drops duplicates
/// by revision).
/// </summary>
internal sealed class WatchBroadcaster
{
    private readonly Lock _lock = new();
    private readonly List<WatchSubscription> _subscriptions = [];
    private bool _closed;

    public WatchSubscription Subscribe(string prefix, int capacity)
    {
        var subscription = new WatchSubscription(this, prefix, capacity);
        lock (_lock)
        {
            if (_closed)
                throw new StoreUnavailableException("the store is closed");
            _subscriptions.Add(subscription);
        }

        return subscription;
    }

    public void Unsubscribe(WatchSubscription subscription)
    {
        lock (_lock)
        {
            if (_subscriptions.Remove(subscription))
                subscription.Close(overflowed: false);
        }
    }

    /// <summary>Publishes one committed batch, in revision order. Never blocks on a watcher.</summary>
    /// <returns>The number of watchers dropped for falling behind.</returns>
    public int Publish(IReadOnlyList<StoreEvent> events)
    {
        if (events.Count == 0)
            return 0;
        var dropped = 0;
        lock (_lock)
        {
            for (var i = _subscriptions.Count - 1; i >= 0; i--)
            {
                var subscription = _subscriptions[i];
                foreach (var storeEvent in events)
                {
                    if (!storeEvent.Key.StartsWith(subscription.Prefix, StringComparison.Ordinal))
                        continue;
                    if (!subscription.TryPublish(storeEvent))
                    {
                        _subscriptions.RemoveAt(i);
                        subscription.Close(overflowed: true);
                        dropped++;
                        break;
                    }
                }
            }
        }

        return dropped;
    }

    /// <summary>Ends every subscription; watchers drain what they have and then see the store closed.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            foreach (var subscription in _subscriptions)
                subscription.Close(overflowed: false);
            _subscriptions.Clear();
        }
    }
}
