using Bosun.Scheduler.Framework;
using k8s.Models;

namespace Bosun.Scheduler.Cache;

/// <summary>
/// The scheduler's view of every node and of the pods on them, fed by the informers and by the scheduler's own
/// decisions: a pod is "assumed" on its node as soon as it is chosen (so the next cycle sees the space taken)
/// and confirmed when the informer shows it bound; a failed bind forgets it; an assumption whose bind finished
/// but that the informer never confirmed expires after <see cref="AssumedPodTtl"/>.
/// </summary>
internal sealed class SchedulerCache(TimeProvider time)
{
    public static readonly TimeSpan AssumedPodTtl = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, NodeInfo> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PodState> _pods = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private long _generation;
    private bool _nodeSetChanged;

    public int NodeCount
    {
        get
        {
            lock (_lock)
            {
                return _nodes.Values.Count(n => n.Node is not null);
            }
        }
    }

    public void AddOrUpdateNode(V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        lock (_lock)
        {
            var name = node.Metadata.Name;
            if (!_nodes.TryGetValue(name, out var info))
            {
                _nodes[name] = info = new NodeInfo(name);
                _nodeSetChanged = true;
            }

            info.SetNode(node);
            Touch(info);
        }
    }

    public void RemoveNode(string name)
    {
        lock (_lock)
        {
            if (!_nodes.TryGetValue(name, out var info))
            {
                return;
            }

            // Pods still bound to a deleted node keep a placeholder until they go too.
            if (info.Pods.Count == 0)
            {
                _nodes.Remove(name);
            }
            else
            {
                info.ClearNode();
                Touch(info);
            }

            _nodeSetChanged = true;
        }
    }

    /// <summary>A bound pod the informer reports: confirms an assumption, or adds it.</summary>
    public void AddPod(PodInfo pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        lock (_lock)
        {
            if (_pods.TryGetValue(pod.Uid, out var existing))
            {
                // Assumed (or already known): replace with what the API says, on the node it says.
                RemoveFromNode(existing.Pod, existing.Node);
            }

            AddToNode(pod, pod.NodeName);
            _pods[pod.Uid] = new PodState(pod, pod.NodeName, Assumed: false, Deadline: null);
        }
    }

    public void UpdatePod(PodInfo pod) => AddPod(pod);

    public void RemovePod(PodInfo pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        lock (_lock)
        {
            if (_pods.Remove(pod.Uid, out var existing))
            {
                RemoveFromNode(existing.Pod, existing.Node);
            }
        }
    }

    /// <summary>Places <paramref name="pod"/> on <paramref name="node"/> before the bind is confirmed.</summary>
    public void AssumePod(PodInfo pod, string node)
    {
        ArgumentNullException.ThrowIfNull(pod);
        lock (_lock)
        {
            if (_pods.TryGetValue(pod.Uid, out var existing))
            {
                RemoveFromNode(existing.Pod, existing.Node);
            }

            AddToNode(pod, node);
            _pods[pod.Uid] = new PodState(pod, node, Assumed: true, Deadline: null);
        }
    }

    /// <summary>The bind call returned: the informer should confirm soon; if it never does, the assumption expires.</summary>
    public void FinishBinding(string uid)
    {
        lock (_lock)
        {
            if (_pods.TryGetValue(uid, out var state) && state.Assumed)
            {
                _pods[uid] = state with { Deadline = time.GetUtcNow() + AssumedPodTtl };
            }
        }
    }

    /// <summary>The bind failed: the node's space is free again.</summary>
    public void ForgetPod(string uid)
    {
        lock (_lock)
        {
            if (_pods.TryGetValue(uid, out var state) && state.Assumed)
            {
                _pods.Remove(uid);
                RemoveFromNode(state.Pod, state.Node);
            }
        }
    }

    public bool IsAssumedOrBound(string uid)
    {
        lock (_lock)
        {
            return _pods.ContainsKey(uid);
        }
    }

    public bool IsAssumed(string uid)
    {
        lock (_lock)
        {
            return _pods.TryGetValue(uid, out var s) && s.Assumed;
        }
    }

    /// <summary>Drops assumptions whose bind finished more than the TTL ago without the informer confirming them.</summary>
    public int CleanupExpired()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var expired = _pods.Values.Where(s => s.Assumed && s.Deadline is { } d && d <= now).ToList();
            foreach (var s in expired)
            {
                _pods.Remove(s.Pod.Uid);
                RemoveFromNode(s.Pod, s.Node);
            }

            return expired.Count;
        }
    }

    /// <summary>Copies into <paramref name="snapshot"/> the nodes changed since its last update.</summary>
    public void UpdateSnapshot(Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_lock)
        {
            if (_dirty.Count == 0 && !_nodeSetChanged)
            {
                return;
            }

            var byName = snapshot.ByName;
            // Pods coming and going (every bind) only touch the affinity lists; a changed node object or node set
            // (labels, images, hostnames) rebuilds everything derived.
            var full = _nodeSetChanged;
            var changed = new List<NodeInfo>(_dirty.Count);
            foreach (var name in _dirty)
            {
                if (!_nodes.TryGetValue(name, out var info))
                {
                    continue;
                }

                if (byName.TryGetValue(name, out var copy))
                {
                    full |= copy.NodeVersion != info.NodeVersion;
                    copy.CopyFrom(info);
                }
                else
                {
                    byName[name] = copy = info.Clone();
                    full = true;
                }

                changed.Add(copy);
            }

            if (_nodeSetChanged)
            {
                foreach (var name in byName.Keys.Where(n => !_nodes.ContainsKey(n)).ToList())
                {
                    byName.Remove(name);
                }
            }

            _dirty.Clear();
            _nodeSetChanged = false;
            snapshot.Generation = _generation;
            if (full)
            {
                snapshot.Rebuild();
            }
            else
            {
                snapshot.UpdateLists(changed);
            }
        }
    }

    private void AddToNode(PodInfo pod, string node)
    {
        if (!_nodes.TryGetValue(node, out var info))
        {
            _nodes[node] = info = new NodeInfo(node);
            _nodeSetChanged = true;
        }

        info.AddPod(pod);
        Touch(info);
    }

    private void RemoveFromNode(PodInfo pod, string node)
    {
        if (!_nodes.TryGetValue(node, out var info) || !info.RemovePod(pod))
        {
            return;
        }

        if (info.Node is null && info.Pods.Count == 0)
        {
            _nodes.Remove(node);
            _nodeSetChanged = true;
        }

        Touch(info);
    }

    private void Touch(NodeInfo info)
    {
        info.Generation = ++_generation;
        _dirty.Add(info.Name);
    }

    private sealed record PodState(PodInfo Pod, string Node, bool Assumed, DateTimeOffset? Deadline);
}
