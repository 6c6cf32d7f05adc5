using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Bosun.Controllers.NodeIpam;

/// <summary>An IPv4 network: its first address (host bits zero) and prefix length.</summary>
public readonly record struct Ipv4Cidr
{
    private Ipv4Cidr(uint network, int prefixLength)
    {
        PrefixLength = prefixLength;
        Network = network & Mask(prefixLength);
    }

    /// <summary>The network address as a big-endian number.</summary>
    public uint Network { get; }

    public int PrefixLength { get; }

    /// <summary>How many addresses the network holds.</summary>
    public ulong Size => 1UL << (32 - PrefixLength);

    /// <summary>
    /// Parses "a.b.c.d/n". Host bits are dropped ("10.42.0.1/16" is 10.42.0.0/16), as Go's ParseCIDR, which
    /// Kubernetes' flags use, does.
    /// </summary>
    public static bool TryParse(string? text, out Ipv4Cidr cidr)
    {
        cidr = default;
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (slash <= 0
            || !IPAddress.TryParse(text![..slash], out var address)
            || address.AddressFamily != AddressFamily.InterNetwork
            // IPAddress accepts "10" and "10.1" as shorthand; a CIDR spells out four parts.
            || text[..slash].Count(c => c == '.') != 3
            || !int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            || prefix > 32)
            return false;
        cidr = new Ipv4Cidr(BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes()), prefix);
        return true;
    }

    /// <summary>The network of <paramref name="network"/> with <paramref name="prefixLength"/> bits.</summary>
    public static Ipv4Cidr Of(uint network, int prefixLength)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, 32);
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        return new Ipv4Cidr(network, prefixLength);
    }

    /// <summary>True when <paramref name="other"/> lies wholly inside this network.</summary>
    public bool Contains(Ipv4Cidr other) => other.PrefixLength >= PrefixLength && (other.Network & Mask(PrefixLength)) == Network;

    /// <summary>True when the two networks share an address.</summary>
    public bool Overlaps(Ipv4Cidr other) => Contains(other) || other.Contains(this);

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, Network);
        return $"{new IPAddress(bytes)}/{PrefixLength}";
    }

    private static uint Mask(int prefixLength) => prefixLength == 0 ? 0 : uint.MaxValue << (32 - prefixLength);
}
