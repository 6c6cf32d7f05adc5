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

    /// <summary>How long a node may go without a heartbeat before it is marked Unknown (--node-monitor-grace-period, 40 s).</summary>
    public TimeSpan NodeMonitorGracePeriod { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>How often node health is checked (--node-monitor-period, 5 s).</summary>
    public TimeSpan NodeMonitorPeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Nodes per second that may get a NoExecute taint in one zone (--node-eviction-rate, 0.1; 0 = never): a network
    /// blip that silences many nodes at once evicts their pods slowly instead of all at once.
    /// </summary>
    public double NodeEvictionRate { get; init; } = 0.1;

    /// <summary>How often the pod garbage collector runs (kube-controller-manager's gcCheckPeriod, 20 s).</summary>
    public TimeSpan PodGcPeriod { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a node must be missing before the pods bound to it are collected (upstream's fixed 40 s).</summary>
    public TimeSpan PodGcQuarantine { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>Finished pods kept before the oldest are deleted (--terminated-pod-gc-threshold, 12,500).</summary>
    public int TerminatedPodGcThreshold { get; init; } = 12_500;

    /// <summary>The range node pod CIDRs are allocated from (--cluster-cidr, k3s' 10.42.0.0/16).</summary>
    public string ClusterCidr { get; init; } = NodeIpam.NodeCidrs.DefaultClusterCidr;

    /// <summary>The prefix length of each node's pod CIDR (--node-cidr-mask-size, 24).</summary>
    public int NodeCidrMaskSize { get; init; } = NodeIpam.NodeCidrs.DefaultNodeMaskSize;
}
