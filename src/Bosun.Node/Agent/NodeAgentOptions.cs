namespace Bosun.Node.Agent;

/// <summary>How a node agent runs (the kubelet's flags that matter here).</summary>
public sealed record NodeAgentOptions
{
    /// <summary>The Node's name (default: the host name, lower-cased).</summary>
    public required string NodeName { get; init; }

    /// <summary>The address the node reports (InternalIP) and the API server reaches the agent on.</summary>
    public string NodeIp { get; init; } = "127.0.0.1";

    /// <summary>The agent's folder: containerd, pods, logs, CNI state.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>A CRI socket to use instead of starting our own containerd.</summary>
    public string? ContainerRuntimeEndpoint { get; init; }

    /// <summary>The port of the agent's HTTPS endpoint (logs, exec, attach, port-forward).</summary>
    public int KubeletPort { get; init; } = 10250;

    /// <summary>The whole cluster's pod range (routed inside pods).</summary>
    public string ClusterCidr { get; init; } = "10.42.0.0/16";

    /// <summary>
    /// The Linux bridge pods attach to (machine-wide: two agents on one machine need different bridges, since the CNI
    /// bridge plugin refuses a bridge that already carries another pod range's gateway address).
    /// </summary>
    public string BridgeName { get; init; } = "bosun0";

    /// <summary>The service range (routed inside pods to the bridge).</summary>
    public string ServiceCidr { get; init; } = "10.43.0.0/16";

    /// <summary>The cluster DNS addresses pods with dnsPolicy ClusterFirst use.</summary>
    public IReadOnlyList<string> ClusterDns { get; init; } = ["10.43.0.10"];

    public string ClusterDomain { get; init; } = "cluster.local";

    /// <summary>The version reported as nodeInfo.kubeletVersion.</summary>
    public required string KubeletVersion { get; init; }

    /// <summary>Node labels beyond the standard ones (e.g. the control-plane role of a server's own agent).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Registries pulled over plain HTTP (host:port).</summary>
    public IReadOnlyList<string> InsecureRegistries { get; init; } = [];

    /// <summary>The Lease's duration; renewed every quarter of it (the kubelet: 40 s, every 10 s).</summary>
    public int NodeLeaseDurationSeconds { get; init; } = 40;

    /// <summary>How many pods are synced at once.</summary>
    public int Workers { get; init; } = 8;

    public string ContainerdDirectory => Path.Combine(DataDirectory, "containerd");

    public string PodsDirectory => Path.Combine(DataDirectory, "pods");

    public string LogsDirectory => Path.Combine(DataDirectory, "logs");

    public string CniDirectory => Path.Combine(DataDirectory, "cni");
}
