using Bosun.Scheduler.Framework;

namespace Bosun.Scheduler.Cache;

/// <summary>
/// The cluster state one scheduling cycle reads: copies of the cache's node infos, refreshed before each cycle
/// (only the nodes whose generation moved are copied), plus lists derived from them.
/// </summary>
internal sealed class Snapshot
{
    private readonly Dictionary<string, NodeInfo> _byName = new(StringComparer.Ordinal);
    private readonly List<NodeInfo> _nodes = [];

    public Snapshot(IClusterObjects? objects = null)
    {
        Objects = objects ?? NoObjects.Instance;
    }

    public IClusterObjects Objects { get; }

    /// <summary>The highest node generation copied.</summary>
    public long Generation { get; set; }

    /// <summary>Nodes known to the API (not placeholders for pods on unknown nodes), in a stable order.</summary>
    public IReadOnlyList<NodeInfo> Nodes => _nodes;

    public List<NodeInfo> HavePodsWithAffinity { get; } = [];

    public List<NodeInfo> HavePodsWithRequiredAntiAffinity { get; } = [];

    /// <summary>How many nodes hold each image (ImageLocality spreads its score by it).</summary>
    public Dictionary<string, int> ImageNodeCounts { get; } = new(StringComparer.Ordinal);

    public NodeInfo? Get(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// True when no other node carries the node's kubernetes.io/hostname value: its hostname domain is the node
    /// alone, so hostname-keyed (anti-)affinity can be checked on the node's own pods.
    /// </summary>
    public bool HostnameIsUnique(NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Labels.TryGetValue(HostnameKey, out var value) && !_sharedHostnames.Contains(value);
    }

    public const string HostnameKey = "kubernetes.io/hostname";

    private readonly HashSet<string> _sharedHostnames = new(StringComparer.Ordinal);

    /// <summary>A snapshot of the given nodes (tests, preemption dry runs).</summary>
    public static Snapshot Of(IEnumerable<NodeInfo> nodes, IClusterObjects? objects = null)
    {
        var s = new Snapshot(objects);
        foreach (var n in nodes)
        {
            s._byName[n.Name] = n;
        }

        s.Rebuild();
        return s;
    }

    internal Dictionary<string, NodeInfo> ByName => _byName;

    /// <summary>Recomputes the node list and derived lists after the cache changed nodes.</summary>
    internal void Rebuild()
    {
        _nodes.Clear();
        HavePodsWithAffinity.Clear();
        HavePodsWithRequiredAntiAffinity.Clear();
        ImageNodeCounts.Clear();
        _sharedHostnames.Clear();
        var hostnames = new HashSet<string>(_byName.Count, StringComparer.Ordinal);
        foreach (var n in _byName.Values)
        {
            if (n.Node is null)
            {
                continue;
            }

            _nodes.Add(n);
            if (n.Labels.TryGetValue(HostnameKey, out var hostname) && !hostnames.Add(hostname))
            {
                _sharedHostnames.Add(hostname);
            }

            n.InAffinityList = n.PodsWithAffinity.Count > 0;
            if (n.InAffinityList)
            {
                HavePodsWithAffinity.Add(n);
            }

            n.InAntiAffinityList = n.PodsWithRequiredAntiAffinity.Count > 0;
            if (n.InAntiAffinityList)
            {
                HavePodsWithRequiredAntiAffinity.Add(n);
            }

            foreach (var image in n.Images.Keys)
            {
                ImageNodeCounts[image] = ImageNodeCounts.GetValueOrDefault(image) + 1;
            }
        }
    }

    /// <summary>After only pods changed on <paramref name="changed"/> nodes: keeps the affinity lists in step.</summary>
    internal void UpdateLists(List<NodeInfo> changed)
    {
        foreach (var n in changed)
        {
            if (n.Node is null)
            {
                continue;
            }

            var withAffinity = n.PodsWithAffinity.Count > 0;
            if (withAffinity != n.InAffinityList)
            {
                if (withAffinity)
                {
                    HavePodsWithAffinity.Add(n);
                }
                else
                {
                    HavePodsWithAffinity.Remove(n);
                }

                n.InAffinityList = withAffinity;
            }

            var withAnti = n.PodsWithRequiredAntiAffinity.Count > 0;
            if (withAnti != n.InAntiAffinityList)
            {
                if (withAnti)
                {
                    HavePodsWithRequiredAntiAffinity.Add(n);
                }
                else
                {
                    HavePodsWithRequiredAntiAffinity.Remove(n);
                }

                n.InAntiAffinityList = withAnti;
            }
        }
    }

    private sealed class NoObjects : IClusterObjects
    {
        public static readonly NoObjects Instance = new();

        public IDictionary<string, string>? LabelsOf(string @namespace) => null;

        public LabelMatcher DefaultSpreadSelector(PodInfo pod) => LabelMatcher.Nothing;
    }
}
