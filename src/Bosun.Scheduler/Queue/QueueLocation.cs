namespace Bosun.Scheduler.Queue;

/// <summary>Where a queued pod is.</summary>
internal enum QueueLocation
{
    Active,
    Backoff,
    Unschedulable,
    InFlight,
}
