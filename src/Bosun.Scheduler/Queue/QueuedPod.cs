using Bosun.Scheduler.Framework;

namespace Bosun.Scheduler.Queue;

/// <summary>A pod in the scheduling queue, with its attempts and what last rejected it.</summary>
internal sealed class QueuedPod(PodInfo info, long sequence)
{
    public PodInfo Info { get; set; } = info;

    /// <summary>Ties in the active queue go to the earlier arrival.</summary>
    public long Sequence { get; } = sequence;

    public int Attempts { get; set; }

    public DateTimeOffset LastFailure { get; set; }

    /// <summary>When it entered the unschedulable pods (the 5-minute leftover flush counts from here).</summary>
    public DateTimeOffset UnschedulableSince { get; set; }

    public IReadOnlySet<string> RejectedBy { get; set; } = new HashSet<string>();

    /// <summary>The scheduling cycle in which it was popped (a cluster change after that retries it sooner).</summary>
    public long PoppedInCycle { get; set; }

    internal QueueLocation Location { get; set; }

    /// <summary>Priority and creation time at insertion into the active queue (the ordering key must not change inside it).</summary>
    internal (int Priority, DateTime Created) ActiveKey { get; set; }

    internal DateTimeOffset BackoffKey { get; set; }
}
