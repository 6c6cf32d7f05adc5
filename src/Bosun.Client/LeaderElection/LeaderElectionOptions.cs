namespace Bosun.Client.LeaderElection;

/// <summary>Which Lease to hold and the timings (defaults: kube-controller-manager's 15 s / 10 s / 2 s).</summary>
public sealed record LeaderElectionOptions(string Namespace, string Name, string Identity)
{
    /// <summary>How long others wait, from the last change they observed, before taking a lease over.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives leadership up.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The interval between attempts to acquire or renew.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Gives the lease up on a clean stop, so a standby takes over at its next retry instead of after LeaseDuration.</summary>
    public bool ReleaseOnCancel { get; init; } = true;
}
