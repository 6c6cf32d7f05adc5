namespace Bosun.Controllers.NodeLifecycle;

/// <summary>
/// What node lifecycle remembers of one node: the last heartbeat values it saw (Lease renewTime, Ready's
/// lastHeartbeatTime) and when one of them last changed, by this controller's clock — so a node whose clock is off
/// is judged by when its heartbeats arrive, not by the times it writes.
/// </summary>
internal sealed class NodeHealth(DateTime probed)
{
    public DateTime? LeaseRenewTime { get; private set; }

    public DateTime? ReadyHeartbeat { get; private set; }

    /// <summary>When a heartbeat was last seen to change.</summary>
    public DateTime Probed { get; private set; } = probed;

    /// <summary>Records the current heartbeat values; a change counts as a heartbeat at <paramref name="now"/>.</summary>
    public void Observe(DateTime? leaseRenewTime, DateTime? readyHeartbeat, DateTime now)
    {
        if (leaseRenewTime != LeaseRenewTime || readyHeartbeat != ReadyHeartbeat)
        {
            Probed = now;
            LeaseRenewTime = leaseRenewTime;
            ReadyHeartbeat = readyHeartbeat;
        }
    }

    /// <summary>True when no heartbeat arrived for longer than <paramref name="gracePeriod"/>.</summary>
    public bool IsSilent(DateTime now, TimeSpan gracePeriod) => now - Probed > gracePeriod;
}
