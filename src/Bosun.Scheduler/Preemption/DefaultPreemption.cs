using Bosun.Scheduler.Cache;
using Bosun.Scheduler.Framework;

namespace Bosun.Scheduler.Preemption;

/// <summary>
/// DefaultPreemption: for a pod that fits nowhere, find nodes where evicting lower-priority pods would make it
/// fit, keep as few of them as victims as possible (reprieving the most important first), and pick the node whose
/// victims matter least: lowest highest priority, then lowest priority sum, then fewest victims, then the most
/// recently started. Pure: the caller deletes the victims and nominates the node.
/// </summary>
internal sealed class DefaultPreemption(SchedulingAlgorithm algorithm)
{
    public const string NotHelpful = "Preemption is not helpful for scheduling";
    public const string NoVictims = "No preemption victims found for incoming pod";

    // Upstream looks for candidates on at least 10 % of the nodes and at least 100 of them.
    private const int MinCandidateNodesPercentage = 10;
    private const int MinCandidateNodesAbsolute = 100;

    public PreemptionResult Preempt(PodInfo pod, ScheduleResult failed, Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(failed);
        ArgumentNullException.ThrowIfNull(snapshot);
        if (pod.Pod.Spec?.PreemptionPolicy == "Never")
        {
            return new PreemptionResult(null, [], "preemption: not eligible due to preemptionPolicy=Never.");
        }

        var nodes = snapshot.Nodes;
        var nominated = pod.Pod.Status?.NominatedNodeName;
        if (!string.IsNullOrEmpty(nominated) && snapshot.Get(nominated) is { } nominatedNode)
        {
            var index = IndexOf(nodes, nominatedNode);
            var unresolvable = index >= 0 && failed.Statuses[index]?.Code == StatusCode.UnschedulableAndUnresolvable;
            // Victims chosen earlier are still terminating: wait for them rather than evict more.
            if (!unresolvable && nominatedNode.Pods.Any(p => p.Terminating && p.Priority < pod.Priority))
            {
                return new PreemptionResult(null, [], "preemption: not eligible due to a terminating pod on the nominated node.");
            }
        }

        var statuses = new NodeStatus?[nodes.Count];
        var potential = new List<int>();
        for (var i = 0; i < nodes.Count; i++)
        {
            if (failed.Statuses[i] is { Code: StatusCode.UnschedulableAndUnresolvable } or null)
            {
                statuses[i] = new NodeStatus("DefaultPreemption", StatusCode.UnschedulableAndUnresolvable, NotHelpful);
            }
            else
            {
                potential.Add(i);
            }
        }

        var candidates = new List<Candidate>();
        if (potential.Count > 0)
        {
            var wanted = Math.Min(potential.Count, Math.Max(MinCandidateNodesAbsolute, potential.Count * MinCandidateNodesPercentage / 100));
            var offset = Random.Shared.Next(potential.Count);
            for (var k = 0; k < potential.Count && candidates.Count < wanted; k++)
            {
                var i = potential[(offset + k) % potential.Count];
                var (victims, status) = SelectVictims(pod, failed.State, nodes[i]);
                if (victims is null)
                {
                    statuses[i] = status;
                }
                else
                {
                    candidates.Add(new Candidate(nodes[i].Name, victims));
                }
            }
        }

        if (candidates.Count == 0)
        {
            return new PreemptionResult(null, [], "preemption: " + FitError.Message(nodes.Count, statuses));
        }

        var best = Pick(candidates);
        return new PreemptionResult(best.Node, best.Victims, "");
    }

    /// <summary>The fewest pods to evict from <paramref name="node"/> for the pod to fit, or why none would do.</summary>
    public (List<PodInfo>? Victims, NodeStatus? Status) SelectVictims(PodInfo pod, CycleState cycle, NodeInfo node)
    {
        var trial = node.Clone();
        var state = cycle.Clone();
        var potential = new List<PodInfo>();
        foreach (var p in node.Pods)
        {
            if (p.Priority < pod.Priority)
            {
                potential.Add(p);
                trial.RemovePod(p);
                algorithm.UpdateState(state, pod, p, trial, -1);
            }
        }

        if (potential.Count == 0)
        {
            return (null, new NodeStatus("DefaultPreemption", StatusCode.UnschedulableAndUnresolvable, NoVictims));
        }

        if (algorithm.RunFilters(state, pod, trial) is { } status)
        {
            return (null, status);
        }

        // Put back the most important pods first; whatever cannot come back is a victim.
        potential.Sort(MoreImportantFirst);
        var victims = new List<PodInfo>();
        foreach (var p in potential)
        {
            trial.AddPod(p);
            algorithm.UpdateState(state, pod, p, trial, 1);
            if (algorithm.RunFilters(state, pod, trial) is not null)
            {
                trial.RemovePod(p);
                algorithm.UpdateState(state, pod, p, trial, -1);
                victims.Add(p);
            }
        }

        return (victims, null);
    }

    private static Candidate Pick(List<Candidate> candidates)
    {
        IEnumerable<Candidate> best = candidates;
        best = MinBy(best, c => c.Victims.Count == 0 ? long.MinValue : c.Victims.Max(v => (long)v.Priority));
        // Offset so that negative priorities still add up below positive ones, as upstream.
        best = MinBy(best, c => c.Victims.Sum(v => (long)v.Priority + int.MaxValue + 1L));
        best = MinBy(best, c => c.Victims.Count);
        best = MinBy(best, c => -LatestStartOfHighest(c.Victims));
        return best.First();
    }

    private static long LatestStartOfHighest(List<PodInfo> victims)
    {
        if (victims.Count == 0)
        {
            return 0;
        }

        var top = victims.Max(v => v.Priority);
        return victims.Where(v => v.Priority == top).Max(v => (v.Pod.Status?.StartTime ?? v.Created).Ticks);
    }

    private static List<Candidate> MinBy(IEnumerable<Candidate> items, Func<Candidate, long> key)
    {
        var list = items.ToList();
        var min = list.Min(key);
        return [.. list.Where(c => key(c) == min)];
    }

    private static int MoreImportantFirst(PodInfo a, PodInfo b)
    {
        var byPriority = b.Priority.CompareTo(a.Priority);
        return byPriority != 0 ? byPriority : (a.Pod.Status?.StartTime ?? a.Created).CompareTo(b.Pod.Status?.StartTime ?? b.Created);
    }

    private static int IndexOf(IReadOnlyList<NodeInfo> nodes, NodeInfo node)
    {
        for (var i = 0; i < nodes.Count; i++)
        {
            if (ReferenceEquals(nodes[i], node))
            {
                return i;
            }
        }

        return -1;
    }

    private sealed record Candidate(string Node, List<PodInfo> Victims);
}
