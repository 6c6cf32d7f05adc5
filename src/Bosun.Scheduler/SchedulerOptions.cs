using Bosun.Client.LeaderElection;

namespace Bosun.Scheduler;

/// <summary>Settings of a <see cref="SchedulerHost"/>.</summary>
public sealed class SchedulerOptions
{
    /// <summary>The scheduler name pods ask for in spec.schedulerName (an empty name means this one too).</summary>
    public const string DefaultSchedulerName = "default-scheduler";

    /// <summary>This instance's name in the lease (default: hostname and a random suffix, as kube-scheduler).</summary>
    public string Identity { get; init; } = $"{Environment.MachineName}_{Guid.NewGuid():N}";

    /// <summary>Lease timings; null for kube-scheduler's (15 s, 10 s, 2 s).</summary>
    public Func<LeaderElectionOptions, LeaderElectionOptions>? LeaderElection { get; init; }

    /// <summary>Percentage of nodes to evaluate per pod; 0 for upstream's adaptive default (50 - nodes/125, at least 5).</summary>
    public int PercentageOfNodesToScore { get; init; }

    /// <summary>
    /// Threads filtering and scoring the nodes for one pod; 0 for one per core (one thread on machines with two cores
    /// or fewer), 1 to evaluate nodes on the scheduling thread only.
    /// </summary>
    public int Parallelism { get; init; }

    /// <summary>How many bind (and status) calls may be in flight at once.</summary>
    public int MaxConcurrentApiCalls { get; init; } = 64;
}
