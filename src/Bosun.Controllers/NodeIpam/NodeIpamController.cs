using System.Net;
using System.Text.Json;
using Bosun.Client.Informers;
using Bosun.Client.WorkQueues;
using Bosun.Controllers.Workloads;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Bosun.Controllers.NodeIpam;

/// <summary>
/// kube-controller-manager's node IPAM with the range allocator: gives every node without one a pod CIDR
/// (<c>spec.podCIDR</c> and <c>spec.podCIDRs</c>) from the cluster CIDR, one node-mask-sized subnet each. What is
/// taken is rebuilt from the nodes on every start (no state of its own to lose), before any new allocation, so a
/// restart never hands out a CIDR twice; nodes whose CIDR lies outside the cluster CIDR (simulated nodes) are left
/// alone. A deleted node's CIDR is freed. When the range is full the node gets a CIDRNotAvailable event and is
/// retried with backoff.
/// </summary>
internal sealed partial class NodeIpamController : IController
{
    private readonly ControllerContext _context;
    private readonly int _workers;
    private readonly WorkQueue<string> _queue;
    private readonly ILogger _logger;
    private readonly Ipv4Cidr _clusterCidr;
    private readonly CidrSet _cidrs;

    // Which CIDR each node holds in _cidrs, whether read from the node or reserved for it and not yet written:
    // a retry after a failed or unconfirmed write reuses the reservation instead of taking another subnet.
    private readonly Dictionary<string, Ipv4Cidr> _held = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    // Nodes that found the range full; a release retries them at once rather than after their backoff.
    private readonly HashSet<string> _waiting = new(StringComparer.Ordinal);

    public NodeIpamController(ControllerContext context, ControllerManagerOptions options)
    {
        _context = context;
        _workers = options.Workers;
        _clusterCidr = NodeCidrs.Validate(options.ClusterCidr, options.NodeCidrMaskSize);
        _cidrs = new CidrSet(_clusterCidr, options.NodeCidrMaskSize);
        _queue = new WorkQueue<string>(time: context.Time);
        _logger = context.Loggers.CreateLogger<NodeIpamController>();
        context.Nodes.AddHandler(new InformerHandler<V1Node>(
            OnAdd: node => _queue.Add(node.Metadata.Name),
            OnUpdate: (_, node) => _queue.Add(node.Metadata.Name),
            OnDelete: node => _queue.Add(node.Metadata.Name)));
    }

    public string Name => "node-ipam";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _context.Nodes.WaitForSyncAsync(cancellationToken);
        // Every CIDR already on a node is marked before the first allocation (upstream does this in its constructor).
        foreach (var node in _context.Nodes.Cache.List())
            Occupy(node);
        LogStarted(_logger, _clusterCidr, _cidrs.Used, _cidrs.Capacity);
        await WorkQueueRunner.RunAsync(_queue, _workers, SyncAsync, _logger, Name, cancellationToken);
    }

    private async Task SyncAsync(string name, CancellationToken cancellationToken)
    {
        var node = _context.Nodes.Cache.Get(name);
        if (node is null)
        {
            Release(name);
            return;
        }

        if (PodCidrs(node).Count > 0)
        {
            Occupy(node);
            return;
        }

        var cidr = Reserve(node);
        try
        {
            var patch = JsonSerializer.Serialize(new { spec = new { podCIDR = cidr.ToString(), podCIDRs = new[] { cidr.ToString() } } });
            await _context.Client.CoreV1.PatchNodeAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), name, cancellationToken: cancellationToken);
            LogAssigned(_logger, name, cidr);
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound))
        {
            Release(name);
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.UnprocessableEntity))
        {
            // podCIDR is immutable once set: someone else set it since our cache looked. Take theirs, free ours.
            var current = await _context.Client.CoreV1.ReadNodeAsync(name, cancellationToken: cancellationToken);
            if (PodCidrs(current).Count == 0)
                throw;
            Release(name);
            Occupy(current);
        }

        // Other failures keep the reservation (the write may have gone through); the retry writes the same CIDR.
    }

    /// <summary>The CIDR held for a node without one: its earlier reservation, or the next free subnet.</summary>
    private Ipv4Cidr Reserve(V1Node node)
    {
        lock (_lock)
        {
            if (_held.TryGetValue(node.Metadata.Name, out var held))
                return held;
            if (_cidrs.TryAllocateNext(out var cidr))
            {
                _held[node.Metadata.Name] = cidr;
                _waiting.Remove(node.Metadata.Name);
                return cidr;
            }

            _waiting.Add(node.Metadata.Name);
        }

        _context.Events.Record(NodeReference(node), "Normal", "CIDRNotAvailable", $"Node {node.Metadata.Name} status is now: CIDRNotAvailable");
        throw new InvalidOperationException($"no pod CIDR left in {_clusterCidr} for node {node.Metadata.Name}");
    }

    /// <summary>Marks a node's own CIDR as taken (when it lies in the cluster CIDR) and forgets any reservation that differs.</summary>
    private void Occupy(V1Node node)
    {
        var ipv4 = PodCidrs(node).Select(c => Ipv4Cidr.TryParse(c, out var cidr) ? cidr : (Ipv4Cidr?)null).FirstOrDefault(c => c is not null);
        lock (_lock)
        {
            if (_held.TryGetValue(node.Metadata.Name, out var held) && held != ipv4)
            {
                _cidrs.Release(held);
                _held.Remove(node.Metadata.Name);
            }

            if (ipv4 is { } cidr && _cidrs.Occupy(cidr))
                _held[node.Metadata.Name] = cidr;
        }
    }

    private void Release(string name)
    {
        string[] waiting;
        lock (_lock)
        {
            _waiting.Remove(name);
            if (!_held.Remove(name, out var held))
                return;
            _cidrs.Release(held);
            LogReleased(_logger, name, held);
            waiting = [.. _waiting];
        }

        foreach (var node in waiting)
            _queue.Add(node);
    }

    private static IReadOnlyList<string> PodCidrs(V1Node node) =>
        node.Spec?.PodCIDRs is { Count: > 0 } list ? [.. list]
        : string.IsNullOrEmpty(node.Spec?.PodCIDR) ? []
        : [node.Spec.PodCIDR];

    private static V1ObjectReference NodeReference(V1Node node) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Name = node.Metadata.Name,
        // Upstream's node events carry the node's name as uid, so `kubectl describe node` finds them either way.
        Uid = node.Metadata.Name,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "node IPAM: allocating pod CIDRs from {ClusterCidr}, {Used} of {Capacity} subnets in use")]
    private static partial void LogStarted(ILogger logger, Ipv4Cidr clusterCidr, int used, int capacity);

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node}: pod CIDR {Cidr}")]
    private static partial void LogAssigned(ILogger logger, string node, Ipv4Cidr cidr);

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node} gone: pod CIDR {Cidr} released")]
    private static partial void LogReleased(ILogger logger, string node, Ipv4Cidr cidr);
}
