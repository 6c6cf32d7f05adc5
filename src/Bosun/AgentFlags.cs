using System.Globalization;
using System.Net;
using Bosun.ApiServer.Handlers;
using Bosun.Node.Agent;

namespace Bosun;

/// <summary>The node agent's flags, shared by <c>bosun server</c> (embedded agent) and <c>bosun agent</c>.</summary>
internal static class AgentFlags
{
    public const string Help = """
          --node-name NAME             the node's name (default: this host's name)
          --node-ip IP                 the address the node reports and the API server reaches it on (default 127.0.0.1)
          --kubelet-port N             the agent's HTTPS port for logs/exec/attach/port-forward (default 10250)
          --container-runtime-endpoint PATH
                                       a CRI socket to use instead of starting Bosun's own containerd
          --cni-bridge NAME            the Linux bridge pods attach to (default bosun0; another agent on this machine needs another)
          --insecure-registry HOST:PORT[,...]
                                       registries pulled over plain HTTP (e.g. a local registry on 127.0.0.1:5000)
        """;

    /// <summary>Takes the agent's flags out of <paramref name="args"/> and builds its options.</summary>
    public static NodeAgentOptions Take(ref string[] args, string dataDirectory, IReadOnlyDictionary<string, string>? labels = null)
    {
        var name = ServerCommand.TakeFlag(ref args, "--node-name") ?? Dns.GetHostName().ToLowerInvariant();
        var ip = ServerCommand.TakeFlag(ref args, "--node-ip") ?? "127.0.0.1";
        if (!IPAddress.TryParse(ip, out _))
        {
            throw new ArgumentException($"invalid --node-ip \"{ip}\"");
        }

        var port = ServerCommand.TakeFlag(ref args, "--kubelet-port") is { } p
            ? int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 65535 ? n : throw new ArgumentException($"invalid --kubelet-port \"{p}\"")
            : 10250;
        var endpoint = ServerCommand.TakeFlag(ref args, "--container-runtime-endpoint");
        var bridge = ServerCommand.TakeFlag(ref args, "--cni-bridge") ?? "bosun0";
        if (bridge.Length is 0 or > 15 || bridge.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_' and not '.'))
        {
            throw new ArgumentException($"invalid --cni-bridge \"{bridge}\" (a Linux interface name: 1 to 15 letters, digits, '-', '_' or '.')");
        }

        var registries = (ServerCommand.TakeFlag(ref args, "--insecure-registry") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new NodeAgentOptions
        {
            NodeName = name,
            NodeIp = ip,
            KubeletPort = port,
            ContainerRuntimeEndpoint = endpoint,
            InsecureRegistries = registries,
            BridgeName = bridge,
            DataDirectory = Path.Combine(dataDirectory, "agent"),
            KubeletVersion = ServerVersion.GitVersion,
            Labels = labels ?? new Dictionary<string, string>(),
        };
    }

    /// <summary>Why this machine cannot run the agent (null: it can).</summary>
    public static string? Missing(NodeAgentOptions options)
    {
        if (Environment.UserName != "root" && Environment.GetEnvironmentVariable("USER") != "root" && !IsRoot())
        {
            return "the node agent needs root (it runs containerd, mounts volumes and sets up pod networking)";
        }

        if (options.ContainerRuntimeEndpoint is null && !File.Exists("/usr/bin/containerd") && !File.Exists("/usr/local/bin/containerd"))
        {
            return "containerd is not installed; on Debian/Ubuntu: apt-get install containerd runc containernetworking-plugins busybox-static catatonit";
        }

        if (!Directory.Exists("/usr/lib/cni"))
        {
            return "the CNI plugins are not installed; on Debian/Ubuntu: apt-get install containernetworking-plugins";
        }

        return null;
    }

    private static bool IsRoot()
    {
        try
        {
            return File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0";
        }
        catch (IOException)
        {
            return false;
        }
    }
}
