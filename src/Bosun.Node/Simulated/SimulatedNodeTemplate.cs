using k8s.Models;

namespace Bosun.Node.Simulated;

/// <summary>The Node and Lease objects a simulated kubelet registers, shaped like a real kubelet's.</summary>
internal static class SimulatedNodeTemplate
{
    /// <summary>Label every simulated node carries (so tools and the proxy can tell them from real ones).</summary>
    public const string SimulatedLabel = "node.bosun.dev/simulated";

    /// <summary>
    /// Annotation that fails a node on request: while it is "true" the node sends no heartbeats and its fake
    /// kubelet does nothing, so node lifecycle sees the node go silent.
    /// </summary>
    public const string StopHeartbeatAnnotation = "node.bosun.dev/simulate-stop-heartbeat";

    public const string LeaseNamespace = NodeLeases.Namespace;

    public static V1Node Node(SimulatedNodeOptions options, int index, DateTime now)
    {
        var name = options.NamePrefix + index;
        var labels = new Dictionary<string, string>
        {
            ["kubernetes.io/hostname"] = name,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            ["beta.kubernetes.io/os"] = "linux",
            ["beta.kubernetes.io/arch"] = "amd64",
            [SimulatedLabel] = "true",
        };
        if (options.Zones > 1)
        {
            labels["topology.kubernetes.io/zone"] = $"zone-{index % options.Zones}";
        }

        var capacity = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new(options.Cpu),
            ["memory"] = new(options.Memory),
            ["pods"] = new(options.Pods.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ["ephemeral-storage"] = new(options.EphemeralStorage),
        };
        var podCidr = SimulatedAddresses.PodCidr(index);
        return new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = labels,
                Annotations = new Dictionary<string, string> { ["node.alpha.kubernetes.io/ttl"] = "0" },
            },
            Spec = new V1NodeSpec { PodCIDR = podCidr, PodCIDRs = [podCidr] },
            Status = new V1NodeStatus
            {
                Capacity = capacity,
                Allocatable = new Dictionary<string, ResourceQuantity>(capacity),
                Conditions = HealthyConditions(now, now),
                Addresses =
                [
                    new V1NodeAddress { Type = "InternalIP", Address = SimulatedAddresses.NodeIp(index) },
                    new V1NodeAddress { Type = "Hostname", Address = name },
                ],
                DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = 10250 } },
                NodeInfo = new V1NodeSystemInfo
                {
                    MachineID = Id(name, "machine"),
                    SystemUUID = Id(name, "system"),
                    BootID = Id(name, "boot"),
                    KernelVersion = KernelVersion.Value,
                    OsImage = "Bosun simulated node",
                    ContainerRuntimeVersion = "simulated://1.0.0",
                    KubeletVersion = options.KubeletVersion,
                    KubeProxyVersion = options.KubeletVersion,
                    OperatingSystem = "linux",
                    Architecture = "amd64",
                },
                Phase = null,
            },
        };
    }

    /// <summary>The four conditions a healthy kubelet reports.</summary>
    public static List<V1NodeCondition> HealthyConditions(DateTime heartbeat, DateTime transition) => NodeConditions.Healthy(heartbeat, transition);

    /// <summary>The host's kernel release, as `uname -r` prints it (the nodes share the machine's kernel).</summary>
    private static readonly Lazy<string> KernelVersion = new(() =>
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        }
        catch (IOException)
        {
            return Environment.OSVersion.Version.ToString();
        }
    });

    /// <summary>A stable 32-hex id per node and purpose, so restarts report the same machine.</summary>
    private static string Id(string name, string purpose) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(purpose + "/" + name)))[..32];
}
