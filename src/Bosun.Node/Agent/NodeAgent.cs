using Bosun.Client.Events;
using Bosun.Node.Cni;
using Bosun.Node.Cri;
using Bosun.Node.Pods;
using Bosun.Node.Runtime;
using Bosun.Node.Server;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Bosun.Node.Agent;

/// <summary>
/// The node agent (our kubelet): starts or connects to containerd, registers the Node, waits for its pod
/// range and writes the CNI network for it, then keeps the Node alive and runs the pods bound to it.
/// </summary>
public sealed partial class NodeAgent : IAsyncDisposable
{
    private readonly NodeAgentOptions _options;
    private readonly Kubernetes _client;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private ContainerdSupervisor? _containerd;
    private CriClient? _cri;
    private NodeStatusReporter? _reporter;
    private PodWorkers? _workers;
    private EventRecorder? _events;
    private AgentServer? _server;

    public NodeAgent(NodeAgentOptions options, Kubernetes client, ILoggerFactory loggers)
    {
        _options = options;
        _client = client;
        _loggers = loggers;
        _logger = loggers.CreateLogger("agent");
    }

    /// <summary>The runtime connection (available after <see cref="StartAsync"/>).</summary>
    public CriClient Cri => _cri ?? throw new InvalidOperationException("the agent has not started");

    /// <summary>The pod workers (available after <see cref="StartAsync"/>).</summary>
    public PodWorkers Workers => _workers ?? throw new InvalidOperationException("the agent has not started");

    /// <summary>The containerd the agent runs, or null when it uses a given endpoint.</summary>
    public ContainerdSupervisor? Containerd => _containerd;

    /// <summary>The agent's TLS material; without it the agent serves no logs/exec/port-forward endpoint.</summary>
    public AgentCredentials? Credentials { get; init; }

    /// <summary>Provides the sandbox image to the runtime before the first pod (set by the host, which builds it).</summary>
    public Func<CriClient, string, CancellationToken, Task>? EnsureSandboxImage { get; init; }

    /// <summary>The containerd configuration the agent writes for its own containerd.</summary>
    public ContainerdConfig ContainerdConfig(string sandboxImage) => new()
    {
        Directory = _options.ContainerdDirectory,
        SandboxImage = sandboxImage,
        InsecureRegistries = _options.InsecureRegistries,
    };

    /// <summary>Starts the runtime and registers the node; returns once the node has its pod network.</summary>
    public async Task StartAsync(string sandboxImage, CancellationToken cancellationToken)
    {
        string socket;
        var containerdConfig = ContainerdConfig(sandboxImage);
        if (_options.ContainerRuntimeEndpoint is { } endpoint)
        {
            socket = endpoint;
        }
        else
        {
            _containerd = new ContainerdSupervisor(containerdConfig, _loggers.CreateLogger("containerd"));
            await _containerd.StartAsync(cancellationToken).ConfigureAwait(false);
            socket = _containerd.SocketPath;
        }

        _cri = CriClient.Connect(socket);
        if (EnsureSandboxImage is { } ensure)
        {
            await ensure(_cri, socket, cancellationToken).ConfigureAwait(false);
        }

        var machine = MachineInfo.Read(_options.DataDirectory);
        _reporter = new NodeStatusReporter(_options, _client, _cri, machine, _loggers.CreateLogger("node-status"));
        var node = await _reporter.RegisterAsync(cancellationToken).ConfigureAwait(false);
        var podCidr = await WaitForPodCidrAsync(node, cancellationToken).ConfigureAwait(false);

        var network = new CniNetworkConfig
        {
            PodCidr = podCidr,
            ClusterCidr = _options.ClusterCidr,
            ServiceCidr = _options.ServiceCidr,
            BridgeName = _options.BridgeName,
            IpamDataDirectory = Path.Combine(_options.CniDirectory, "networks"),
        };
        network.WriteTo(_options.ContainerRuntimeEndpoint is null ? containerdConfig.CniConfigDirectory : "/etc/cni/net.d");
        await _cri.Runtime.UpdateRuntimeConfigAsync(
            new UpdateRuntimeConfigRequest { RuntimeConfig = new RuntimeConfig { NetworkConfig = new NetworkConfig { PodCidr = podCidr } } },
            CriClient.Options(cancellationToken)).ConfigureAwait(false);
        LogStarted(_logger, _options.NodeName, podCidr, socket);

        _events = new EventRecorder(_client, "kubelet", _options.NodeName, _loggers.CreateLogger("events"));
        var context = new PodRuntimeContext
        {
            NodeName = _options.NodeName,
            HostIp = _options.NodeIp,
            Cri = _cri,
            Client = _client,
            Paths = new PodPaths(_options.PodsDirectory, _options.LogsDirectory),
            Dns = new DnsSettings(_options.ClusterDns, _options.ClusterDomain),
            Allocatable = () => _reporter.Allocatable,
            Events = _events,
        };
        _workers = new PodWorkers(context, _loggers.CreateLogger("pods"), _options.Workers);
        if (Credentials is { } credentials)
        {
            _server = AgentServer.Create(_options.NodeIp, _options.KubeletPort, credentials, _cri, _workers, _loggers);
            await _server.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        await _reporter.ReportAsync(force: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Heartbeats, events and pods until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_reporter is null || _workers is null || _events is null)
        {
            throw new InvalidOperationException("StartAsync first");
        }

        await Task.WhenAll(
            Task.Run(() => _reporter.RunAsync(cancellationToken), CancellationToken.None),
            Task.Run(() => _events.RunAsync(cancellationToken), CancellationToken.None),
            Task.Run(() => _workers.RunAsync(cancellationToken), CancellationToken.None)).ConfigureAwait(false);
    }

    // The node IPAM controller gives every node a range; the agent cannot run pods before it has one.
    private async Task<string> WaitForPodCidrAsync(V1Node node, CancellationToken cancellationToken)
    {
        var waited = 0;
        while (string.IsNullOrEmpty(node.Spec?.PodCIDR))
        {
            if (waited++ % 20 == 10)
            {
                LogWaitingForCidr(_logger, _options.NodeName);
            }

            await Task.Delay(500, cancellationToken).ConfigureAwait(false);
            node = await _client.CoreV1.ReadNodeAsync(_options.NodeName, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return node.Spec.PodCIDR;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        _cri?.Dispose();
        if (_containerd is not null)
        {
            await _containerd.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "agent: node {Node} registered, pod range {PodCidr}, runtime {Socket}")]
    private static partial void LogStarted(ILogger logger, string node, string podCidr, string socket);

    [LoggerMessage(Level = LogLevel.Warning, Message = "agent: node {Node} has no spec.podCIDR yet; waiting for the controller manager's node IPAM (is it disabled?)")]
    private static partial void LogWaitingForCidr(ILogger logger, string node);
}
