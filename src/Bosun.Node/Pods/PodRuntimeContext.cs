using Bosun.Client.Events;
using Bosun.Node.Cri;
using Bosun.Node.Volumes;
using k8s;

namespace Bosun.Node.Pods;

/// <summary>What every pod sync on this node shares: the node's identity, the runtime, the API, paths and settings.</summary>
public sealed class PodRuntimeContext
{
    public required string NodeName { get; init; }

    public required string HostIp { get; init; }

    public required CriClient Cri { get; init; }

    public required IKubernetes Client { get; init; }

    public required PodPaths Paths { get; init; }

    public required DnsSettings Dns { get; init; }

    public required Func<NodeAllocatable> Allocatable { get; init; }

    public EventRecorder? Events { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    private VolumeManager? _volumes;

    public VolumeManager Volumes => _volumes ??= new VolumeManager(Client, Paths);
}
