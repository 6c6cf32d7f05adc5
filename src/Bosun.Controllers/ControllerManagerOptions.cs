using Bosun.Client.LeaderElection;

namespace Bosun.Controllers;

/// <summary>Settings of a <see cref="ControllerManager"/>.</summary>
public sealed class ControllerManagerOptions
{
    /// <summary>This instance's name in the lease (default: hostname and a random suffix, as kube-controller-manager).</summary>
    public string Identity { get; init; } = $"{Environment.MachineName}_{Guid.NewGuid():N}";

    /// <summary>Lease timings; null for kube-controller-manager's (15 s, 10 s, 2 s).</summary>
    public Func<LeaderElectionOptions, LeaderElectionOptions>? LeaderElection { get; init; }

    /// <summary>Workers per controller.</summary>
    public int Workers { get; init; } = 2;
}
