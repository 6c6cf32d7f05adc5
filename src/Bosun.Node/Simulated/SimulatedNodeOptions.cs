namespace Bosun.Node.Simulated;

/// <summary>What <c>bosun simulate</c> registers and how its fake kubelets behave.</summary>
public sealed record SimulatedNodeOptions
{
    /// <summary>The most nodes one simulator registers (the address ranges hold a /24 per node, see SimulatedAddresses).</summary>
    public const int MaxCount = 1 << 15;

    /// <summary>How many nodes to register.</summary>
    public int Count { get; init; } = 1;

    /// <summary>Node names are this prefix and an index: sim-node-0, sim-node-1, ...</summary>
    public string NamePrefix { get; init; } = "sim-node-";

    /// <summary>Capacity (= allocatable) of each node.</summary>
    public string Cpu { get; init; } = "32";

    public string Memory { get; init; } = "256Gi";

    public int Pods { get; init; } = 110;

    public string EphemeralStorage { get; init; } = "100Gi";

    /// <summary>
    /// When above 1, nodes are spread round-robin over zones "zone-0".. via topology.kubernetes.io/zone, so
    /// zone-aware scheduling has something to spread over.
    /// </summary>
    public int Zones { get; init; } = 1;

    /// <summary>How often each node renews its Lease in kube-node-lease (the kubelet's default: 10 s).</summary>
    public TimeSpan LeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The Lease's spec.leaseDurationSeconds (the kubelet's default: 40).</summary>
    public int LeaseDurationSeconds { get; init; } = 40;

    /// <summary>
    /// How often a node posts its status when nothing changed (the kubelet's nodeStatusReportFrequency: 5 min);
    /// the Lease is the heartbeat in between.
    /// </summary>
    public TimeSpan StatusReportInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>API calls in flight at once (registration, heartbeats and pod updates each).</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>The kubeletVersion nodes report.</summary>
    public string KubeletVersion { get; init; } = "v1.33.0";
}
