using Bosun.Client.Models;
using Bosun.Scheduler.Framework;

namespace Bosun.Scheduler.Queue;

/// <summary>
/// kube-scheduler's three queues. Active: pods ready to try, highest priority first, then oldest. Backoff: pods
/// that failed recently, waiting 1 s doubling per attempt up to 10 s. Unschedulable: pods no node fits, parked
/// until a cluster change that may help them (<see cref="MoveAll"/>), or at the latest 5 minutes. Time only moves
/// pods when <see cref="Flush"/> is called (the scheduler does so every second), so nothing spins.
/// </summary>
internal sealed class SchedulingQueue(TimeProvider time)
{
    public static readonly TimeSpan InitialBackoff = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxUnschedulableTime = TimeSpan.FromMinutes(5);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, QueuedPod> _pods = new(StringComparer.Ordinal);
    private readonly SortedSet<QueuedPod> _active = new(Comparer<QueuedPod>.Create(CompareActive));
    private readonly SortedSet<QueuedPod> _backoff = new(Comparer<QueuedPod>.Create(CompareBackoff));
    private readonly Dictionary<string, QueuedPod> _unschedulable = new(StringComparer.Ordinal);
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sequence;
    private long _cycle;
    private long _moveRequestCycle = -1;
    private bool _closed;

    public int ActiveCount
    {
        get
        {
            lock (_lock)
            {
                return _active.Count;
            }
        }
    }

    public int BackoffCount
    {
        get
        {
            lock (_lock)
            {
                return _backoff.Count;
            }
        }
    }

    public int UnschedulableCount
    {
        get
        {
            lock (_lock)
            {
                return _unschedulable.Count;
            }
        }
    }

    /// <summary>A new pending pod, or a newer version of a queued one.</summary>
    public void Add(PodInfo pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        lock (_lock)
        {
            if (_pods.TryGetValue(pod.Key, out var existing))
            {
                UpdateLocked(existing, pod);
                return;
            }

            var queued = new QueuedPod(pod, _sequence++);
            _pods[pod.Key] = queued;
            ToActive(queued);
        }
    }

    /// <summary>A pod whose bind failed: back in the queue, after a backoff.</summary>
    public void AddAfterError(PodInfo pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        lock (_lock)
        {
            if (_pods.ContainsKey(pod.Key))
            {
                return;
            }

            var queued = new QueuedPod(pod, _sequence++) { Attempts = 1, LastFailure = time.GetUtcNow() };
            _pods[pod.Key] = queued;
            ToBackoffOrActive(queued);
        }
    }

    public void Delete(string key)
    {
        lock (_lock)
        {
            if (_pods.Remove(key, out var queued))
            {
                Detach(queued);
            }
        }
    }

    public bool Contains(string key)
    {
        lock (_lock)
        {
            return _pods.ContainsKey(key);
        }
    }

    /// <summary>Waits for the next pod to schedule; it stays "in flight" until <see cref="Done"/> or <see cref="Requeue"/>.</summary>
    public async Task<QueuedPod?> PopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_closed)
                {
                    return null;
                }

                if (_active.Count > 0)
                {
                    var next = _active.Min!;
                    _active.Remove(next);
                    next.Location = QueueLocation.InFlight;
                    next.Attempts++;
                    next.PoppedInCycle = ++_cycle;
                    return next;
                }

                wait = _signal.Task;
            }

            await wait.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The pod was scheduled (or dropped): it leaves the queue.</summary>
    public void Done(string key)
    {
        lock (_lock)
        {
            if (_pods.TryGetValue(key, out var queued) && queued.Location == QueueLocation.InFlight)
            {
                _pods.Remove(key);
            }
        }
    }

    /// <summary>
    /// The attempt failed. <paramref name="unschedulable"/> (no node fits): parked until a change that may help
    /// (one touching a plugin in <paramref name="rejectedBy"/>; any when empty), unless a cluster change happened
    /// while it was being scheduled, then backoff. An error: backoff.
    /// </summary>
    public void Requeue(QueuedPod queued, bool unschedulable, IReadOnlySet<string> rejectedBy)
    {
        ArgumentNullException.ThrowIfNull(queued);
        ArgumentNullException.ThrowIfNull(rejectedBy);
        lock (_lock)
        {
            if (!_pods.TryGetValue(queued.Info.Key, out var current) || !ReferenceEquals(current, queued) || queued.Location != QueueLocation.InFlight)
            {
                // Deleted (or replaced) while in flight.
                return;
            }

            queued.LastFailure = time.GetUtcNow();
            queued.RejectedBy = rejectedBy;
            if (!unschedulable || _moveRequestCycle >= queued.PoppedInCycle)
            {
                ToBackoffOrActive(queued);
            }
            else
            {
                queued.Location = QueueLocation.Unschedulable;
                queued.UnschedulableSince = time.GetUtcNow();
                _unschedulable[queued.Info.Key] = queued;
            }
        }
    }

    /// <summary>A cluster change: unschedulable pods it may help go to backoff (or active if their backoff is over).</summary>
    public int MoveAll(ClusterEvent clusterEvent)
    {
        ArgumentNullException.ThrowIfNull(clusterEvent);
        lock (_lock)
        {
            _moveRequestCycle = _cycle;
            if (_unschedulable.Count == 0)
            {
                return 0;
            }

            var moving = _unschedulable.Values.Where(q => clusterEvent.MayHelp(q.RejectedBy)).ToList();
            foreach (var queued in moving)
            {
                ToBackoffOrActive(queued);
            }

            return moving.Count;
        }
    }

    /// <summary>Moves pods whose backoff is over to active, and pods unschedulable for 5 minutes out of the unschedulable queue.</summary>
    public void Flush()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            while (_backoff.Count > 0 && _backoff.Min!.BackoffKey <= now)
            {
                var queued = _backoff.Min!;
                _backoff.Remove(queued);
                ToActive(queued);
            }

            if (_unschedulable.Count > 0)
            {
                foreach (var queued in _unschedulable.Values.Where(q => now - q.UnschedulableSince >= MaxUnschedulableTime).ToList())
                {
                    ToBackoffOrActive(queued);
                }
            }
        }
    }

    /// <summary>Wakes <see cref="PopAsync"/> callers for good (they return null).</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            _signal.TrySetResult();
        }
    }

    /// <summary>How long a pod waits after its n-th failed attempt: 1 s, 2 s, 4 s, 8 s, then 10 s.</summary>
    public static TimeSpan BackoffFor(int attempts)
    {
        var backoff = InitialBackoff;
        for (var i = 1; i < attempts && backoff < MaxBackoff; i++)
        {
            backoff *= 2;
        }

        return backoff > MaxBackoff ? MaxBackoff : backoff;
    }

    private void UpdateLocked(QueuedPod queued, PodInfo pod)
    {
        var old = queued.Info;
        switch (queued.Location)
        {
            case QueueLocation.Active:
                _active.Remove(queued);
                queued.Info = pod;
                ToActive(queued);
                break;
            case QueueLocation.Unschedulable when SchedulingInputsChanged(old, pod):
                // The pod itself changed (e.g. a toleration added): worth another try.
                queued.Info = pod;
                ToBackoffOrActive(queued);
                break;
            default:
                queued.Info = pod;
                break;
        }
    }

    private static bool SchedulingInputsChanged(PodInfo old, PodInfo pod) =>
        old.Pod.Metadata?.Generation != pod.Pod.Metadata?.Generation
        || !ReferenceEquals(old.Pod.Spec, pod.Pod.Spec) && System.Text.Json.JsonSerializer.Serialize(old.Pod.Spec) != System.Text.Json.JsonSerializer.Serialize(pod.Pod.Spec)
        || !LabelSets.Equal(old.Labels, pod.Labels);

    private void ToBackoffOrActive(QueuedPod queued)
    {
        Detach(queued);
        var expiry = queued.LastFailure + BackoffFor(queued.Attempts);
        if (queued.Attempts > 0 && expiry > time.GetUtcNow())
        {
            queued.BackoffKey = expiry;
            queued.Location = QueueLocation.Backoff;
            _backoff.Add(queued);
        }
        else
        {
            ToActive(queued);
        }
    }

    private void ToActive(QueuedPod queued)
    {
        queued.ActiveKey = (queued.Info.Priority, queued.Info.Created);
        queued.Location = QueueLocation.Active;
        _active.Add(queued);
        var signal = _signal;
        _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        signal.TrySetResult();
    }

    private void Detach(QueuedPod queued)
    {
        switch (queued.Location)
        {
            case QueueLocation.Active:
                _active.Remove(queued);
                break;
            case QueueLocation.Backoff:
                _backoff.Remove(queued);
                break;
            case QueueLocation.Unschedulable:
                _unschedulable.Remove(queued.Info.Key);
                break;
            default:
                break;
        }
    }

    private static int CompareActive(QueuedPod? a, QueuedPod? b)
    {
        var byPriority = b!.ActiveKey.Priority.CompareTo(a!.ActiveKey.Priority);
        if (byPriority != 0)
        {
            return byPriority;
        }

        var byCreation = a.ActiveKey.Created.CompareTo(b.ActiveKey.Created);
        return byCreation != 0 ? byCreation : a.Sequence.CompareTo(b.Sequence);
    }

    private static int CompareBackoff(QueuedPod? a, QueuedPod? b)
    {
        var byExpiry = a!.BackoffKey.CompareTo(b!.BackoffKey);
        return byExpiry != 0 ? byExpiry : a.Sequence.CompareTo(b.Sequence);
    }
}
