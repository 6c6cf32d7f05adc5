namespace Bosun.Node.Simulated;

/// <summary>One fake kubelet's state: its node's identity and the pod addresses in use on it.</summary>
internal sealed class SimulatedNode(string name, int index, string podCidr, string hostIp)
{
    private readonly HashSet<int> _usedHosts = [];
    private readonly Lock _lock = new();
    private int _nextHost = 2;

    public string Name { get; } = name;

    public int Index { get; } = index;

    public string PodCidr { get; } = podCidr;

    public string HostIp { get; } = hostIp;

    /// <summary>The node object's uid (owner of its Lease).</summary>
    public string Uid { get; set; } = "";

    /// <summary>When this node last posted its status; the next report is due a report interval later.</summary>
    public DateTime LastStatusReport { get; set; }

    /// <summary>When the next Lease renewal is due.</summary>
    public DateTime NextRenewal { get; set; }

    /// <summary>Marks <paramref name="podIp"/> as taken (a pod seen with it after a restart); false when it is not ours.</summary>
    public bool Claim(string? podIp)
    {
        var host = SimulatedAddresses.HostOf(PodCidr, podIp);
        if (host < 2)
        {
            return false;
        }

        lock (_lock)
        {
            _usedHosts.Add(host);
        }

        return true;
    }

    /// <summary>A free pod address (round-robin, like host-local IPAM, so a released address is not reused at once).</summary>
    public string Allocate()
    {
        lock (_lock)
        {
            for (var tried = 0; tried < 253; tried++)
            {
                var host = _nextHost;
                _nextHost = host == 254 ? 2 : host + 1;
                if (_usedHosts.Add(host))
                {
                    return SimulatedAddresses.PodIp(PodCidr, host);
                }
            }
        }

        throw new InvalidOperationException($"no free pod address left in {PodCidr} on node {Name}");
    }

    public void Release(string? podIp)
    {
        var host = SimulatedAddresses.HostOf(PodCidr, podIp);
        lock (_lock)
        {
            _usedHosts.Remove(host);
        }
    }
}
