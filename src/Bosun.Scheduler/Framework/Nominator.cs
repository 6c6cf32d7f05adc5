namespace Bosun.Scheduler.Framework;

/// <summary>
/// Pods nominated to a node by preemption (status.nominatedNodeName) while their victims terminate: filters
/// count them on that node for pods of lower or equal priority, so the space freed is not taken by others.
/// </summary>
internal sealed class Nominator
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, PodInfo[]> _byNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _nodeOf = new(StringComparer.Ordinal);
    private volatile int _count;

    public void Nominate(PodInfo pod, string node)
    {
        lock (_lock)
        {
            RemoveLocked(pod.Uid);
            if (node.Length == 0)
            {
                return;
            }

            _nodeOf[pod.Uid] = node;
            _byNode[node] = [.. _byNode.GetValueOrDefault(node) ?? [], pod];
            _count = _nodeOf.Count;
        }
    }

    public void Remove(string uid)
    {
        lock (_lock)
        {
            RemoveLocked(uid);
        }
    }

    /// <summary>The pods nominated to <paramref name="node"/> (an immutable array; empty when none).</summary>
    public PodInfo[] On(string node)
    {
        // The common case, read for every node of every cycle from parallel filters: nobody is nominated.
        if (_count == 0)
        {
            return [];
        }

        lock (_lock)
        {
            return _byNode.GetValueOrDefault(node) ?? [];
        }
    }

    public string? NodeOf(string uid)
    {
        lock (_lock)
        {
            return _nodeOf.GetValueOrDefault(uid);
        }
    }

    private void RemoveLocked(string uid)
    {
        if (!_nodeOf.Remove(uid, out var node))
        {
            return;
        }

        _count = _nodeOf.Count;

        var remaining = (_byNode.GetValueOrDefault(node) ?? []).Where(p => p.Uid != uid).ToArray();
        if (remaining.Length == 0)
        {
            _byNode.Remove(node);
        }
        else
        {
            _byNode[node] = remaining;
        }
    }
}
