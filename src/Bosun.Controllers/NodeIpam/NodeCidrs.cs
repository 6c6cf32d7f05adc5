namespace Bosun.Controllers.NodeIpam;

/// <summary>Checks of the pod network settings (<c>--cluster-cidr</c>, <c>--node-cidr-mask-size</c>).</summary>
public static class NodeCidrs
{
    /// <summary>k3s' and Bosun's default cluster CIDR.</summary>
    public const string DefaultClusterCidr = "10.42.0.0/16";

    /// <summary>A /24 per node: 254 pod addresses.</summary>
    public const int DefaultNodeMaskSize = 24;

    /// <summary>The smallest node subnet (/30: two usable addresses, for the bridge gateway and one pod).</summary>
    public const int MaxNodeMaskSize = 30;

    /// <summary>Parses and checks the pair; throws <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static Ipv4Cidr Validate(string clusterCidr, int nodeMaskSize)
    {
        if (!Ipv4Cidr.TryParse(clusterCidr, out var cidr))
            throw new ArgumentException($"invalid --cluster-cidr \"{clusterCidr}\" (an IPv4 CIDR such as {DefaultClusterCidr})");
        Validate(cidr, nodeMaskSize);
        return cidr;
    }

    /// <summary>Checks the node mask against a parsed cluster CIDR.</summary>
    public static void Validate(Ipv4Cidr clusterCidr, int nodeMaskSize)
    {
        if (nodeMaskSize <= clusterCidr.PrefixLength || nodeMaskSize > MaxNodeMaskSize)
            throw new ArgumentException($"invalid --node-cidr-mask-size {nodeMaskSize} (larger than the cluster CIDR's /{clusterCidr.PrefixLength} and at most {MaxNodeMaskSize})");
        if (nodeMaskSize - clusterCidr.PrefixLength > CidrSet.MaxMaskDifference)
            throw new ArgumentException($"--node-cidr-mask-size {nodeMaskSize} splits {clusterCidr} into more than {1 << CidrSet.MaxMaskDifference} subnets (at most /{clusterCidr.PrefixLength + CidrSet.MaxMaskDifference})");
    }
}
