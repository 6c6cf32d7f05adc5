using System.Globalization;
using System.Net;
using Bosun.Node.Cri;
using Bosun.Node.Pods;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Bosun.Node.Agent;

/// <summary>
/// Registers the Node and keeps it alive as the kubelet does: capacity and allocatable read off the machine,
/// nodeInfo, addresses, the agent's port; a Lease in kube-node-lease renewed every quarter of its duration;
/// the status (conditions from the runtime's own conditions, images) posted when it changes or once a minute.
/// </summary>
public sealed partial class NodeStatusReporter
{
    private static readonly TimeSpan StatusCheck = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StatusReport = TimeSpan.FromMinutes(1);
    private readonly NodeAgentOptions _options;
    private readonly IKubernetes _client;
    private readonly CriClient _cri;
    private readonly MachineInfo _machine;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private string _runtimeVersion = "containerd://unknown";
    private string? _lastStatus;
    private DateTime _lastReport;
    private string _nodeUid = "";

    public NodeStatusReporter(NodeAgentOptions options, IKubernetes client, CriClient cri, MachineInfo machine, ILogger logger, TimeProvider? time = null)
    {
        _options = options;
        _client = client;
        _cri = cri;
        _machine = machine;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>What pods may use (capacity less the kubelet's default hard eviction reserves).</summary>
    public NodeAllocatable Allocatable => new(
        _machine.Cpus,
        Math.Max(0, _machine.MemoryBytes - (100L * 1024 * 1024)),
        (long)(_machine.DiskBytes * 0.9),
        110);

    /// <summary>Creates the Node (or takes over an existing one of this name) and its Lease; returns the Node.</summary>
    public async Task<V1Node> RegisterAsync(CancellationToken cancellationToken)
    {
        var (name, version, _) = await _cri.VersionAsync(cancellationToken).ConfigureAwait(false);
        _runtimeVersion = $"{name}://{version}";
        var now = _time.GetUtcNow().UtcDateTime;
        var node = new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta { Name = _options.NodeName, Labels = Labels(), Annotations = new Dictionary<string, string> { ["node.alpha.kubernetes.io/ttl"] = "0" } },
            Spec = new V1NodeSpec(),
        };
        V1Node registered;
        try
        {
            registered = await _client.CoreV1.CreateNodeAsync(node, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Conflict)
        {
            var labels = KubernetesJson.Serialize(new V1Node { Metadata = new V1ObjectMeta { Labels = Labels() } });
            registered = await _client.CoreV1.PatchNodeAsync(new V1Patch(labels, V1Patch.PatchType.MergePatch), _options.NodeName, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        _nodeUid = registered.Metadata.Uid;
        await ReportAsync(force: true, cancellationToken).ConfigureAwait(false);
        await RenewLeaseAsync(now, cancellationToken).ConfigureAwait(false);
        return registered;
    }

    /// <summary>Renews the Lease and checks the status until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var renewEvery = TimeSpan.FromSeconds(Math.Max(1, _options.NodeLeaseDurationSeconds / 4.0));
        var nextRenewal = DateTime.MinValue;
        var nextStatus = DateTime.MinValue;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500), _time);
        while (await WaitAsync(timer, cancellationToken).ConfigureAwait(false))
        {
            var now = _time.GetUtcNow().UtcDateTime;
            try
            {
                if (now >= nextRenewal)
                {
                    nextRenewal = now + renewEvery;
                    await RenewLeaseAsync(now, cancellationToken).ConfigureAwait(false);
                }

                if (now >= nextStatus)
                {
                    nextStatus = now + StatusCheck;
                    await ReportAsync(force: now - _lastReport >= StatusReport, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // A missed heartbeat is retried on the next tick.
                LogHeartbeatFailed(_logger, e.Message);
            }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private Task RenewLeaseAsync(DateTime now, CancellationToken cancellationToken) =>
        NodeLeases.RenewAsync(_client, _options.NodeName, _nodeUid, _options.NodeLeaseDurationSeconds, now, cancellationToken);

    /// <summary>Posts the node status when it changed (or when <paramref name="force"/>).</summary>
    public async Task ReportAsync(bool force, CancellationToken cancellationToken)
    {
        var status = await BuildStatusAsync(cancellationToken).ConfigureAwait(false);
        // Compare without heartbeat times, which change every time.
        var comparable = KubernetesJson.Serialize(status.Conditions.Select(c => new { c.Type, c.Status, c.Reason, c.Message })) + KubernetesJson.Serialize(status.Images) + KubernetesJson.Serialize(status.Capacity);
        if (!force && comparable == _lastStatus)
        {
            return;
        }

        var current = await _client.CoreV1.ReadNodeAsync(_options.NodeName, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var condition in status.Conditions)
        {
            var old = current.Status?.Conditions?.FirstOrDefault(c => c.Type == condition.Type);
            if (old?.Status == condition.Status && old.LastTransitionTime is { } since)
            {
                condition.LastTransitionTime = since;
            }
        }

        var patch = KubernetesJson.Serialize(new V1Node { Status = status });
        await _client.CoreV1.PatchNodeStatusAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), _options.NodeName, cancellationToken: cancellationToken).ConfigureAwait(false);
        _lastStatus = comparable;
        _lastReport = _time.GetUtcNow().UtcDateTime;
    }

    private async Task<V1NodeStatus> BuildStatusAsync(CancellationToken cancellationToken)
    {
        var now = DateTime.SpecifyKind(new DateTime(_time.GetUtcNow().UtcDateTime.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        var capacity = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new(_machine.Cpus.ToString(CultureInfo.InvariantCulture)),
            ["memory"] = new((_machine.MemoryBytes / 1024).ToString(CultureInfo.InvariantCulture) + "Ki"),
            ["pods"] = new("110"),
            ["ephemeral-storage"] = new((_machine.DiskBytes / 1024).ToString(CultureInfo.InvariantCulture) + "Ki"),
        };
        var allocatable = Allocatable;
        var conditions = NodeConditions.Healthy(now, now);
        var notReady = await RuntimeProblemAsync(cancellationToken).ConfigureAwait(false);
        if (notReady is not null)
        {
            conditions[^1] = NodeConditions.Condition("Ready", "False", "KubeletNotReady", notReady, now, now);
        }

        var images = await _cri.Images.ListImagesAsync(new ListImagesRequest(), CriClient.Options(cancellationToken)).ConfigureAwait(false);
        return new V1NodeStatus
        {
            Capacity = capacity,
            Allocatable = new Dictionary<string, ResourceQuantity>
            {
                ["cpu"] = capacity["cpu"],
                ["memory"] = new(((long)allocatable.MemoryBytes / 1024).ToString(CultureInfo.InvariantCulture) + "Ki"),
                ["pods"] = capacity["pods"],
                ["ephemeral-storage"] = new(((long)allocatable.EphemeralStorageBytes).ToString(CultureInfo.InvariantCulture)),
            },
            Conditions = conditions,
            Addresses =
            [
                new V1NodeAddress { Type = "InternalIP", Address = _options.NodeIp },
                new V1NodeAddress { Type = "Hostname", Address = _options.NodeName },
            ],
            DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = _options.KubeletPort } },
            NodeInfo = new V1NodeSystemInfo
            {
                MachineID = _machine.MachineId,
                SystemUUID = _machine.MachineId,
                BootID = _machine.BootId,
                KernelVersion = _machine.KernelVersion,
                OsImage = _machine.OsImage,
                ContainerRuntimeVersion = _runtimeVersion,
                KubeletVersion = _options.KubeletVersion,
                KubeProxyVersion = _options.KubeletVersion,
                OperatingSystem = "linux",
                Architecture = _machine.Architecture,
            },
            // The kubelet reports at most 50 images, largest first.
            Images = images.Images.OrderByDescending(i => i.Size).Take(50)
                .Select(i => new V1ContainerImage { Names = i.RepoDigests.Concat(i.RepoTags).ToList(), SizeBytes = (long)i.Size }).ToList(),
        };
    }

    // The runtime's required conditions (RuntimeReady, NetworkReady) decide Ready, as in the kubelet.
    private async Task<string?> RuntimeProblemAsync(CancellationToken cancellationToken)
    {
        var status = await _cri.Runtime.StatusAsync(new StatusRequest(), CriClient.Options(cancellationToken)).ConfigureAwait(false);
        foreach (var condition in status.Status?.Conditions ?? [])
        {
            if (condition.Type is "RuntimeReady" or "NetworkReady" && !condition.Status)
            {
                var what = condition.Type == "RuntimeReady" ? "container runtime status check may not have completed yet" : "container runtime network not ready";
                return $"{what}: {condition.Type}=false reason:{condition.Reason} message:{condition.Message}";
            }
        }

        return null;
    }

    private Dictionary<string, string> Labels()
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["kubernetes.io/hostname"] = _options.NodeName,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = _machine.Architecture,
            ["beta.kubernetes.io/os"] = "linux",
            ["beta.kubernetes.io/arch"] = _machine.Architecture,
        };
        foreach (var (key, value) in _options.Labels)
        {
            labels[key] = value;
        }

        return labels;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "node heartbeat failed: {Reason}")]
    private static partial void LogHeartbeatFailed(ILogger logger, string reason);
}
