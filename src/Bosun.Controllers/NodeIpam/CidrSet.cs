using System.Collections;

namespace Bosun.Controllers.NodeIpam;

/// <summary>
/// The node-sized subnets of the cluster CIDR and which are taken (upstream's cidrset): a bitmap, allocated
/// round-robin from after the last allocation, so a just-released subnet is not handed out again at once
/// (a node deleted and another created should not inherit its routes or stale pod addresses).
/// Not thread-safe: the controller serialises access.
/// </summary>
internal sealed class CidrSet
{
    /// <summary>
    /// Most node subnets in one cluster CIDR (upstream's limit: 16 bits of difference between the masks);
    /// keeps the bitmap small.
    /// </summary>
    public const int MaxMaskDifference = 16;

    private readonly Ipv4Cidr _cluster;
    private readonly int _nodeMaskSize;
    private readonly BitArray _used;
    private int _next;

    public CidrSet(Ipv4Cidr cluster, int nodeMaskSize)
    {
        NodeCidrs.Validate(cluster, nodeMaskSize);
        _cluster = cluster;
        _nodeMaskSize = nodeMaskSize;
        _used = new BitArray(1 << (nodeMaskSize - cluster.PrefixLength));
    }

    /// <summary>How many node subnets the cluster CIDR holds.</summary>
    public int Capacity => _used.Length;

    /// <summary>How many are taken.</summary>
    public int Used { get; private set; }

    /// <summary>The next free subnet, marked taken; false when the range is full.</summary>
    public bool TryAllocateNext(out Ipv4Cidr cidr)
    {
        for (var i = 0; i < _used.Length; i++)
        {
            var index = (_next + i) % _used.Length;
            if (!_used[index])
            {
                Mark(index, true);
                _next = (index + 1) % _used.Length;
                cidr = Subnet(index);
                return true;
            }
        }

        cidr = default;
        return false;
    }

    /// <summary>
    /// Marks every subnet <paramref name="cidr"/> overlaps as taken (a node's CIDR of another size blocks what it
    /// covers); false, changing nothing, when it lies outside the cluster CIDR.
    /// </summary>
    public bool Occupy(Ipv4Cidr cidr) => Apply(cidr, true);

    /// <summary>Marks the subnets <paramref name="cidr"/> overlaps as free again; false when outside the cluster CIDR.</summary>
    public bool Release(Ipv4Cidr cidr) => Apply(cidr, false);

    /// <summary>True when <paramref name="cidr"/> is a node-sized subnet of the cluster CIDR and taken.</summary>
    public bool IsUsed(Ipv4Cidr cidr) => cidr.PrefixLength == _nodeMaskSize && _cluster.Contains(cidr) && _used[Index(cidr.Network)];

    private bool Apply(Ipv4Cidr cidr, bool used)
    {
        if (!_cluster.Overlaps(cidr))
            return false;
        // The part of cidr inside the cluster range, in node-subnet indexes.
        var first = Math.Max(cidr.Network, _cluster.Network);
        var last = Math.Min((ulong)cidr.Network + cidr.Size - 1, (ulong)_cluster.Network + _cluster.Size - 1);
        for (var index = Index(first); index <= Index((uint)last); index++)
            Mark(index, used);
        return true;
    }

    private void Mark(int index, bool used)
    {
        if (_used[index] != used)
        {
            _used[index] = used;
            Used += used ? 1 : -1;
        }
    }

    private int Index(uint address) => (int)((address - _cluster.Network) >> (32 - _nodeMaskSize));

    private Ipv4Cidr Subnet(int index) => Ipv4Cidr.Of(_cluster.Network + ((uint)index << (32 - _nodeMaskSize)), _nodeMaskSize);
}
