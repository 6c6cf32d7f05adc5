namespace Bosun.Client.WorkQueues;

/// <summary>
/// A controller's queue of keys, with client-go's workqueue guarantees: a key waiting in the queue is held once
/// however often it is added; a key being processed is never handed to a second worker — adding it meanwhile
/// marks it dirty and it is queued again when <see cref="Done"/> is called; delayed and rate-limited adds wait
/// on <see cref="TimeProvider"/> timers (the earliest wins). <see cref="ShutDown"/> ends it (nothing to dispose:
/// the semaphore never allocates a wait handle).
/// </summary>
/// <typeparam name="TKey">The item type (usually "namespace/name").</typeparam>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "client-go's name for it, which readers of controllers know.")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "SemaphoreSlim only needs disposing once its AvailableWaitHandle was used, which this queue never does.")]
public sealed class WorkQueue<TKey>
    where TKey : notnull
{
    private readonly Queue<TKey> _queue = new();
    private readonly HashSet<TKey> _dirty = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly Dictionary<TKey, (DateTimeOffset ReadyAt, ITimer Timer)> _waiting = [];
    private readonly Lock _lock = new();
    // Counts the keys in _queue, so a worker sleeps until there is one.
    private readonly SemaphoreSlim _available = new(0);
    private readonly IRateLimiter<TKey> _limiter;
    private readonly TimeProvider _time;
    private bool _shuttingDown;

    public WorkQueue(IRateLimiter<TKey>? limiter = null, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _limiter = limiter ?? RateLimiters.Default<TKey>(_time);
    }

    /// <summary>Keys waiting to be processed (not counting delayed ones).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>True after <see cref="ShutDown"/>.</summary>
    public bool IsShuttingDown
    {
        get
        {
            lock (_lock)
            {
                return _shuttingDown;
            }
        }
    }

    /// <summary>Queues <paramref name="item"/> unless it is already waiting; if it is being processed it comes back after <see cref="Done"/>.</summary>
    public void Add(TKey item)
    {
        lock (_lock)
        {
            if (_shuttingDown || !_dirty.Add(item))
            {
                return;
            }

            if (_processing.Contains(item))
            {
                return;
            }

            _queue.Enqueue(item);
        }

        _available.Release();
    }

    /// <summary>Adds <paramref name="item"/> once <paramref name="delay"/> has passed (at once if it is not positive).</summary>
    public void AddAfter(TKey item, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(item);
            return;
        }

        lock (_lock)
        {
            if (_shuttingDown)
            {
                return;
            }

            var readyAt = _time.GetUtcNow() + delay;
            if (_waiting.TryGetValue(item, out var existing))
            {
                if (existing.ReadyAt <= readyAt)
                {
                    return;
                }

                existing.Timer.Dispose();
            }

            var timer = _time.CreateTimer(_ => Fire(item, readyAt), null, delay, Timeout.InfiniteTimeSpan);
            _waiting[item] = (readyAt, timer);
        }
    }

    /// <summary>Adds <paramref name="item"/> after the rate limiter's delay (a retry after a failure).</summary>
    public void AddRateLimited(TKey item) => AddAfter(item, _limiter.NextDelay(item));

    /// <summary>Clears <paramref name="item"/>'s backoff (it was processed successfully).</summary>
    public void Forget(TKey item) => _limiter.Forget(item);

    /// <summary>How many rate-limited retries <paramref name="item"/> had since it was last forgotten.</summary>
    public int NumRequeues(TKey item) => _limiter.NumRequeues(item);

    /// <summary>Takes the next key without waiting; the caller must call <see cref="Done"/> with it.</summary>
    public bool TryGet(out TKey item)
    {
        if (!_available.Wait(0))
        {
            item = default!;
            return false;
        }

        return TakeLocked(out item);
    }

    /// <summary>
    /// Waits for the next key; false once the queue is shut down and empty. The caller must call <see cref="Done"/>
    /// with the key.
    /// </summary>
    public async Task<(bool Ok, TKey Item)> GetAsync(CancellationToken cancellationToken)
    {
        await _available.WaitAsync(cancellationToken);
        var ok = TakeLocked(out var item);
        return (ok, item);
    }

    /// <summary>Marks <paramref name="item"/> processed; if it was added meanwhile it is queued again now.</summary>
    public void Done(TKey item)
    {
        bool requeued;
        lock (_lock)
        {
            _processing.Remove(item);
            requeued = _dirty.Contains(item);
            if (requeued)
            {
                _queue.Enqueue(item);
            }
        }

        if (requeued)
        {
            _available.Release();
        }
    }

    /// <summary>Stops accepting keys and wakes every waiting worker (they get false once the queue is empty).</summary>
    public void ShutDown()
    {
        lock (_lock)
        {
            if (_shuttingDown)
            {
                return;
            }

            _shuttingDown = true;
            foreach (var (_, waiting) in _waiting)
            {
                waiting.Timer.Dispose();
            }

            _waiting.Clear();
        }

        // Enough permits for any number of workers to wake up and see the shutdown.
        _available.Release(int.MaxValue / 2);
    }

    private bool TakeLocked(out TKey item)
    {
        lock (_lock)
        {
            if (!_queue.TryDequeue(out item!))
            {
                // Only a shutdown releases a permit without a key behind it.
                return false;
            }

            _dirty.Remove(item);
            _processing.Add(item);
            return true;
        }
    }

    private void Fire(TKey item, DateTimeOffset readyAt)
    {
        lock (_lock)
        {
            // A later, earlier AddAfter replaced this timer; only the current one adds.
            if (!_waiting.TryGetValue(item, out var current) || current.ReadyAt != readyAt)
            {
                return;
            }

            _waiting.Remove(item);
            current.Timer.Dispose();
        }

        Add(item);
    }
}
