using System.Text.Json.Nodes;

namespace Bosun.Node.Cni;

/// <summary>
/// The CNI network every pod on this node joins: a Linux bridge with host-local addresses from the node's
/// podCIDR, loopback, and portmap for hostPorts (Debian's containernetworking-plugins). Pods get routes to
/// the cluster and service ranges through the bridge and nothing else: no default route, no masquerade, so
/// pod traffic never leaves the machine.
/// </summary>
public sealed record CniNetworkConfig
{
    /// <summary>The network name containerd reports and host-local keys its allocations by.</summary>
    public const string NetworkName = "bosun";

    /// <summary>This node's pod range, e.g. 10.42.0.0/24.</summary>
    public required string PodCidr { get; init; }

    /// <summary>The whole cluster's pod range (routed to the bridge inside each pod).</summary>
    public required string ClusterCidr { get; init; }

    /// <summary>The service range (ClusterIPs are rewritten on the host, so pods send them to the bridge).</summary>
    public required string ServiceCidr { get; init; }

    /// <summary>The host bridge's name.</summary>
    public string BridgeName { get; init; } = "bosun0";

    /// <summary>Where host-local keeps its allocations (under the agent's data directory).</summary>
    public required string IpamDataDirectory { get; init; }

    /// <summary>The file name containerd picks up (the lowest-sorting .conflist wins).</summary>
    public const string FileName = "10-bosun.conflist";

    /// <summary>The .conflist document.</summary>
    public string Render()
    {
        var routes = new JsonArray();
        foreach (var destination in new[] { ClusterCidr, ServiceCidr }.Distinct(StringComparer.Ordinal))
        {
            routes.Add(new JsonObject { ["dst"] = destination });
        }

        var document = new JsonObject
        {
            ["cniVersion"] = "1.0.0",
            ["name"] = NetworkName,
            ["plugins"] = new JsonArray
            {
                new JsonObject
                {
                    ["type"] = "bridge",
                    ["bridge"] = BridgeName,
                    ["isGateway"] = true,
                    ["ipMasq"] = false,
                    ["hairpinMode"] = true,
                    ["ipam"] = new JsonObject
                    {
                        ["type"] = "host-local",
                        ["dataDir"] = IpamDataDirectory,
                        ["ranges"] = new JsonArray { new JsonArray { new JsonObject { ["subnet"] = PodCidr } } },
                        ["routes"] = routes,
                    },
                },
                new JsonObject
                {
                    ["type"] = "portmap",
                    ["capabilities"] = new JsonObject { ["portMappings"] = true },
                    ["snat"] = false,
                },
            },
        };
        return document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Writes the file into <paramref name="directory"/> if its content changed.</summary>
    public bool WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        Directory.CreateDirectory(IpamDataDirectory);
        var path = Path.Combine(directory, FileName);
        var text = Render();
        if (File.Exists(path) && File.ReadAllText(path) == text)
        {
            return false;
        }

        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
        return true;
    }
}
