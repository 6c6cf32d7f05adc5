using k8s.Models;

namespace Bosun.Scheduler.Framework;

/// <summary>
/// A node as the scheduler sees it: its allocatable resources and what the pods placed on it (bound or assumed)
/// request, their host ports, the images it holds. The cache keeps one per node and bumps
/// <see cref="Generation"/> on every change so that a snapshot copies only what changed.
/// </summary>
internal sealed class NodeInfo
{
    private static readonly Dictionary<string, string> NoLabels = new(StringComparer.Ordinal);

    public NodeInfo(string name)
    {
        Name = name;
    }

    public string Name { get; }

    /// <summary>Null while pods name a node the scheduler has not seen (yet).</summary>
    public V1Node? Node { get; private set; }

    public IDictionary<string, string> Labels { get; private set; } = NoLabels;

    public IList<V1Taint>? Taints { get; private set; }

    public bool Unschedulable { get; private set; }

    public Resources Allocatable { get; private set; } = new();

    /// <summary>The sum of the effective requests of the pods on the node.</summary>
    public Resources Requested { get; private set; } = new();

    /// <summary>Requested cpu with 100m for each container that asks for none (for scoring).</summary>
    public long NonZeroMilliCpu { get; private set; }

    /// <summary>Requested memory with 200Mi for each container that asks for none (for scoring).</summary>
    public long NonZeroMemory { get; private set; }

    public List<PodInfo> Pods { get; private set; } = [];

    /// <summary>Pods with any (anti-)affinity term, required or preferred.</summary>
    public List<PodInfo> PodsWithAffinity { get; private set; } = [];

    public List<PodInfo> PodsWithRequiredAntiAffinity { get; private set; } = [];

    public List<HostPort> UsedPorts { get; private set; } = [];

    /// <summary>Images present on the node (normalized names) and their sizes in bytes.</summary>
    public Dictionary<string, long> Images { get; private set; } = new(StringComparer.Ordinal);

    public long Generation { get; set; }

    /// <summary>Bumped when the node object (labels, images, allocatable...) changes, not when pods come and go.</summary>
    public long NodeVersion { get; private set; }

    /// <summary>Snapshot bookkeeping: whether this copy is in the snapshot's affinity lists (never copied).</summary>
    internal bool InAffinityList { get; set; }

    internal bool InAntiAffinityList { get; set; }

    public void SetNode(V1Node node)
    {
        NodeVersion++;
        Node = node;
        Labels = node.Metadata?.Labels ?? NoLabels;
        Taints = node.Spec?.Taints;
        Unschedulable = node.Spec?.Unschedulable ?? false;
        Allocatable = Resources.From(node.Status?.Allocatable is { Count: > 0 } a ? a : node.Status?.Capacity);
        var images = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var image in node.Status?.Images ?? [])
        {
            foreach (var name in image.Names ?? [])
            {
                images[NormalizeImage(name)] = image.SizeBytes ?? 0;
            }
        }

        Images = images;
    }

    public void ClearNode()
    {
        NodeVersion++;
        Node = null;
        Labels = NoLabels;
        Taints = null;
        Images = new Dictionary<string, long>(StringComparer.Ordinal);
    }

    public void AddPod(PodInfo pod)
    {
        Pods.Add(pod);
        if (pod.HasAffinity)
        {
            PodsWithAffinity.Add(pod);
        }

        if (pod.RequiredAntiAffinity.Length > 0)
        {
            PodsWithRequiredAntiAffinity.Add(pod);
        }

        Requested.Add(pod.Requests);
        NonZeroMilliCpu += pod.NonZeroMilliCpu;
        NonZeroMemory += pod.NonZeroMemory;
        UsedPorts.AddRange(pod.Ports);
    }

    /// <summary>Removes the pod with <paramref name="pod"/>'s uid; false when it was not on the node.</summary>
    public bool RemovePod(PodInfo pod)
    {
        var index = Pods.FindIndex(p => p.Uid == pod.Uid);
        if (index < 0)
        {
            return false;
        }

        // The stored instance carries what was added (the new one may differ after an update).
        var stored = Pods[index];
        Pods.RemoveAt(index);
        PodsWithAffinity.RemoveAll(p => p.Uid == stored.Uid);
        PodsWithRequiredAntiAffinity.RemoveAll(p => p.Uid == stored.Uid);
        Requested.Add(stored.Requests, -1);
        NonZeroMilliCpu -= stored.NonZeroMilliCpu;
        NonZeroMemory -= stored.NonZeroMemory;
        foreach (var port in stored.Ports)
        {
            UsedPorts.Remove(port);
        }

        return true;
    }

    /// <summary>A copy whose lists can change without touching this one (pods themselves are shared, read-only).</summary>
    public NodeInfo Clone()
    {
        var copy = new NodeInfo(Name);
        copy.CopyFrom(this);
        return copy;
    }

    public void CopyFrom(NodeInfo other)
    {
        Node = other.Node;
        Labels = other.Labels;
        Taints = other.Taints;
        Unschedulable = other.Unschedulable;
        Allocatable = other.Allocatable;
        Requested = other.Requested.Clone();
        NonZeroMilliCpu = other.NonZeroMilliCpu;
        NonZeroMemory = other.NonZeroMemory;
        Pods = [.. other.Pods];
        PodsWithAffinity = [.. other.PodsWithAffinity];
        PodsWithRequiredAntiAffinity = [.. other.PodsWithRequiredAntiAffinity];
        UsedPorts = [.. other.UsedPorts];
        Images = other.Images;
        Generation = other.Generation;
        NodeVersion = other.NodeVersion;
    }

    /// <summary>An image name as the kubelet reports it: without a tag or digest it means ":latest".</summary>
    public static string NormalizeImage(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.LastIndexOf(':') <= name.LastIndexOf('/') ? name + ":latest" : name;
    }
}
