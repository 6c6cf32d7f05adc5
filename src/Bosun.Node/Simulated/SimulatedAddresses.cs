using System.Net;

namespace Bosun.Node.Simulated;

/// <summary>
/// Addresses of simulated nodes and pods. They are never routed anywhere (no container or interface has them), so
/// they come from ranges that are not the real cluster's: node addresses from 198.18.0.0/15 (reserved for
/// benchmarking, RFC 2544) and a /24 pod CIDR per node from 10.128.0.0/9 (the real pod network is 10.42.0.0/16).
/// Enough for 32,768 nodes.
/// </summary>
internal static class SimulatedAddresses
{
    public static string NodeIp(int index)
    {
        Check(index);
        // 198.18.0.0/15 holds 131,072 addresses; index 0 gets 198.18.0.1.
        var n = index + 1;
        return new IPAddress([198, (byte)(18 + (n >> 16)), (byte)((n >> 8) & 0xFF), (byte)(n & 0xFF)]).ToString();
    }

    public static string PodCidr(int index)
    {
        Check(index);
        return $"10.{128 + (index >> 8)}.{index & 0xFF}.0/24";
    }

    /// <summary>The pod address <paramref name="host"/> (2..254) in the node's pod CIDR; .1 is the node's bridge.</summary>
    public static string PodIp(string podCidr, int host)
    {
        ArgumentNullException.ThrowIfNull(podCidr);
        ArgumentOutOfRangeException.ThrowIfLessThan(host, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(host, 254);
        var network = podCidr[..podCidr.LastIndexOf('.')];
        return $"{network}.{host}";
    }

    /// <summary>The host part of a pod address, or -1 when it is not in <paramref name="podCidr"/>.</summary>
    public static int HostOf(string podCidr, string? podIp)
    {
        ArgumentNullException.ThrowIfNull(podCidr);
        var network = podCidr[..(podCidr.LastIndexOf('.') + 1)];
        return podIp is not null && podIp.StartsWith(network, StringComparison.Ordinal) && int.TryParse(podIp.AsSpan(network.Length), out var host) ? host : -1;
    }

    private static void Check(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SimulatedNodeOptions.MaxCount);
    }
}
