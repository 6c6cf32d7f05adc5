using System.Globalization;
using Bosun.E2E.Infrastructure;
using Bosun.Node.Images;

namespace Bosun.E2E.Agent;

/// <summary>
/// One real <c>bosun server</c> with its embedded node agent (its own containerd, CNI bridge, pod cgroups), shared by
/// every test of the <see cref="AgentTestGroup"/>, plus a private registry holding the busybox image for pull tests.
/// The agent uses a free kubelet port, the cluster CIDR <see cref="ClusterCidr"/> and the bridge <see cref="Bridge"/>
/// (none of them the defaults), so a server someone runs by hand on this machine keeps its port, addresses and bridge. Disposal removes everything the run made on
/// the host (see <see cref="HostCleanup"/>). Missing root or packages fail every test of the collection.
/// </summary>
public sealed class AgentCluster : IAsyncLifetime
{
    /// <summary>--cluster-cidr: pod IPs come from its first /24.</summary>
    public const string ClusterCidr = "10.244.0.0/16";

    /// <summary>The address prefix every pod IP of this run starts with.</summary>
    public const string PodIpPrefix = "10.244.";

    /// <summary>
    /// --cni-bridge: not the default bosun0, so a server someone runs by hand (on 10.42.0.0/16, bosun0) keeps its
    /// bridge; the CNI bridge plugin refuses one bridge with two pod ranges' gateways.
    /// </summary>
    public const string Bridge = "bosune2e0";

    /// <summary>--node-name.</summary>
    public const string NodeName = "bosun-e2e-agent";

    private static readonly TimeSpan NodeReadyTimeout = TimeSpan.FromSeconds(120);

    private HostCleanup? _cleanup;

    public BosunServer Server { get; } = new() { WithAgent = true };

    public LocalRegistry Registry { get; } = new();

    /// <summary>The busybox test image pushed to <see cref="Registry"/> (127.0.0.1:PORT/test/busybox:1).</summary>
    public string RegistryImage { get; private set; } = "";

    /// <summary>--kubelet-port.</summary>
    public int KubeletPort { get; private set; }

    /// <summary>The agent's data dir: containerd, pods, logs, CNI state.</summary>
    public string AgentDir => Path.Combine(Server.DataDir, "agent");

    /// <summary>The agent's containerd socket.</summary>
    public string ContainerdSocket => Path.Combine(AgentDir, "containerd", "containerd.sock");

    public async Task InitializeAsync()
    {
        AgentRequirements.Check();
        _cleanup = HostCleanup.Before(this);
        await Registry.InitializeAsync();
        var archive = Path.Combine(Server.DataDir, "images", "busybox.tar");
        Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
        TestImages.WriteBusybox(archive);
        RegistryImage = await Registry.PushAsync(archive, "test/busybox:1");

        KubeletPort = LoopbackPorts.Free();
        Server.ExtraArguments =
        [
            "--node-name", NodeName,
            "--kubelet-port", KubeletPort.ToString(CultureInfo.InvariantCulture),
            "--cluster-cidr", ClusterCidr,
            "--cni-bridge", Bridge,
            "--insecure-registry", Registry.Host,
        ];
        await Server.InitializeAsync();
        await WaitForNodeReadyAsync();
    }

    /// <summary>kubectl at <paramref name="version"/> and a fresh namespace for one test.</summary>
    public Task<(Kubectl Kubectl, string Namespace)> NamespaceAsync(string version, string prefix) => Server.NamespaceAsync(version, prefix);

    /// <summary><c>ctr -a SOCKET -n k8s.io ARGS</c> against the agent's containerd.</summary>
    public Task<ToolResult> CtrAsync(params string[] args) =>
        Tools.RunAsync(TestContainerd.CtrBinary, ["-a", ContainerdSocket, "-n", TestContainerd.Namespace, .. args]);

    /// <summary>Stops the server with SIGTERM and starts it again on the same data dir and ports; waits for the node.</summary>
    public async Task RestartServerAsync()
    {
        var code = await Server.StopAsync(kill: false);
        Assert.True(code == 0, $"bosun server exited with {code} on SIGTERM\n{Server.Log}");
        await Server.RestartAsync();
        await WaitForNodeReadyAsync();
    }

    /// <summary>The last lines the server printed (agent included), for failure messages.</summary>
    public string LogTail(int lines = 60) => string.Join('\n', Server.Log.Split('\n').TakeLast(lines));

    public async Task DisposeAsync()
    {
        try
        {
            if (_cleanup is not null)
            {
                await _cleanup.RunAsync();
            }
        }
        finally
        {
            await Server.DisposeAsync();
            await Registry.DisposeAsync();
        }
    }

    private async Task WaitForNodeReadyAsync()
    {
        var kubectl = Kubectl.For(KubectlVersions.Newest, Server);
        await Eventually.TrueAsync(
            async () => (await kubectl.RunAsync(["get", "node", NodeName, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}"])).Stdout == "True",
            $"node {NodeName} Ready",
            NodeReadyTimeout,
            () => Task.FromResult(LogTail()));
    }
}
