using Bosun.Scheduler.Cache;
using Bosun.Scheduler.Plugins.BalancedAllocation;
using Bosun.Scheduler.Plugins.ImageLocality;
using Bosun.Scheduler.Plugins.InterPodAffinity;
using Bosun.Scheduler.Plugins.NodeAffinity;
using Bosun.Scheduler.Plugins.NodeName;
using Bosun.Scheduler.Plugins.NodePorts;
using Bosun.Scheduler.Plugins.NodeResourcesFit;
using Bosun.Scheduler.Plugins.NodeUnschedulable;
using Bosun.Scheduler.Plugins.PodTopologySpread;
using Bosun.Scheduler.Plugins.TaintToleration;

namespace Bosun.Scheduler.Framework;

/// <summary>
/// One scheduling cycle over a snapshot: pre-filter once, filter nodes in parallel from a rotating start until
/// enough feasible ones are found (upstream's adaptive percentageOfNodesToScore), score those in parallel,
/// normalize and weight per plugin, pick the best (ties at random).
/// </summary>
internal sealed class SchedulingAlgorithm
{
    // Upstream: at least 100 nodes are evaluated, and never less than 5 % of the cluster.
    private const int MinFeasibleNodesToFind = 100;
    private const int MinFeasibleNodesPercentageToFind = 5;

    private readonly IPreFilterPlugin[] _preFilters;
    private readonly IFilterPlugin[] _filters;
    private readonly IScorePlugin[] _scorers;
    private readonly int _percentageOfNodesToScore;
    private readonly ParallelOptions _parallel;
    private int _nextStartIndex;

    public SchedulingAlgorithm(Nominator nominator, int percentageOfNodesToScore = 0, int parallelism = 0)
    {
        Nominator = nominator;
        _percentageOfNodesToScore = percentageOfNodesToScore;
        // Fanning out pays with spare cores only: on two cores (shared with the API server in k3s style) the
        // scheduler bench ran 30-45 % faster with nodes evaluated on the scheduling thread alone.
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount > 2 ? Environment.ProcessorCount : 1 };
        var fit = new NodeResourcesFitPlugin();
        var affinity = new NodeAffinityPlugin();
        var taints = new TaintTolerationPlugin();
        var interPod = new InterPodAffinityPlugin();
        var spread = new PodTopologySpreadPlugin();
        _preFilters = [interPod, spread];
        // Upstream's order: cheap, decisive checks first (a failed filter ends the node's evaluation).
        _filters = [new NodeUnschedulablePlugin(), new NodeNamePlugin(), taints, affinity, new NodePortsPlugin(), fit, spread, interPod];
        _scorers = [taints, affinity, spread, interPod, fit, new BalancedAllocationPlugin(), new ImageLocalityPlugin()];
    }

    public Nominator Nominator { get; }

    public IReadOnlyList<IFilterPlugin> Filters => _filters;

    public static int NumFeasibleNodesToFind(int allNodes, int percentage = 0)
    {
        if (allNodes < MinFeasibleNodesToFind)
        {
            return allNodes;
        }

        if (percentage <= 0)
        {
            percentage = Math.Max(MinFeasibleNodesPercentageToFind, 50 - (allNodes / 125));
        }

        return Math.Max(MinFeasibleNodesToFind, (int)((long)allNodes * Math.Min(100, percentage) / 100));
    }

    public CycleState PreFilter(PodInfo pod, Snapshot snapshot)
    {
        var state = new CycleState();
        foreach (var p in _preFilters)
        {
            p.PreFilter(state, pod, snapshot);
        }

        return state;
    }

    /// <summary>Runs the pre-filter extensions as if <paramref name="other"/> were added (1) or removed (-1) on the node.</summary>
    public void UpdateState(CycleState state, PodInfo pod, PodInfo other, NodeInfo node, int sign)
    {
        foreach (var p in _preFilters)
        {
            p.Update(state, pod, other, node, sign);
        }
    }

    /// <summary>
    /// Filters one node. When pods of equal or higher priority are nominated to it, the pod must fit with them
    /// placed too (and without them, as upstream, since they may yet go elsewhere).
    /// </summary>
    public NodeStatus? RunFilters(CycleState state, PodInfo pod, NodeInfo node)
    {
        var nominated = Nominator.On(node.Name);
        if (nominated.Length > 0)
        {
            NodeInfo? withNominated = null;
            CycleState? stateWithNominated = null;
            foreach (var p in nominated)
            {
                if (p.Uid == pod.Uid || p.Priority < pod.Priority)
                {
                    continue;
                }

                withNominated ??= node.Clone();
                stateWithNominated ??= state.Clone();
                withNominated.AddPod(p);
                UpdateState(stateWithNominated, pod, p, withNominated, 1);
            }

            if (withNominated is not null && RunFiltersOnce(stateWithNominated!, pod, withNominated) is { } status)
            {
                return status;
            }
        }

        return RunFiltersOnce(state, pod, node);
    }

    private NodeStatus? RunFiltersOnce(CycleState state, PodInfo pod, NodeInfo node)
    {
        foreach (var f in _filters)
        {
            if (f.Filter(state, pod, node) is { } status)
            {
                return status;
            }
        }

        return null;
    }

    public ScheduleResult Schedule(PodInfo pod, Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(snapshot);
        var nodes = snapshot.Nodes;
        var state = PreFilter(pod, snapshot);
        var n = nodes.Count;
        if (n == 0)
        {
            return new ScheduleResult(null, 0, 0, state, []);
        }

        var toFind = NumFeasibleNodesToFind(n, _percentageOfNodesToScore);
        var feasible = new NodeInfo?[toFind];
        var statuses = new NodeStatus?[n];
        var found = 0;
        var evaluated = 0;
        var start = _nextStartIndex % n;
        var stop = 0;

        void Check(int i)
        {
            if (Volatile.Read(ref stop) != 0)
            {
                return;
            }

            var index = (start + i) % n;
            var node = nodes[index];
            Interlocked.Increment(ref evaluated);
            var status = RunFilters(state, pod, node);
            if (status is not null)
            {
                statuses[index] = status;
                return;
            }

            var k = Interlocked.Increment(ref found);
            if (k > toFind)
            {
                Interlocked.Decrement(ref evaluated);
                Volatile.Write(ref stop, 1);
                return;
            }

            feasible[k - 1] = node;
            if (k == toFind)
            {
                Volatile.Write(ref stop, 1);
            }
        }

        if (n <= 64 || _parallel.MaxDegreeOfParallelism == 1)
        {
            // Small clusters: fanning out costs more than it saves.
            for (var i = 0; i < n && stop == 0; i++)
            {
                Check(i);
            }
        }
        else
        {
            var chunk = Math.Max(16, n / (Environment.ProcessorCount * 8));
            var chunks = (n + chunk - 1) / chunk;
            Parallel.For(0, chunks, _parallel, c =>
            {
                var end = Math.Min(n, (c + 1) * chunk);
                for (var i = c * chunk; i < end && Volatile.Read(ref stop) == 0; i++)
                {
                    Check(i);
                }
            });
        }

        var feasibleCount = Math.Min(found, toFind);
        _nextStartIndex = (start + evaluated) % n;
        if (feasibleCount == 0)
        {
            return new ScheduleResult(null, evaluated, 0, state, statuses);
        }

        var candidates = new NodeInfo[feasibleCount];
        for (var i = 0; i < feasibleCount; i++)
        {
            candidates[i] = feasible[i]!;
        }

        var chosen = feasibleCount == 1 ? candidates[0] : candidates[Select(Score(state, pod, snapshot, candidates))];
        return new ScheduleResult(chosen.Name, evaluated, feasibleCount, state, statuses);
    }

    /// <summary>Each node's weighted sum of normalized plugin scores.</summary>
    public long[] Score(CycleState state, PodInfo pod, Snapshot snapshot, NodeInfo[] nodes)
    {
        var active = _scorers.Where(s => s.PreScore(state, pod, snapshot, nodes)).ToArray();
        var raw = new long[active.Length][];
        for (var p = 0; p < active.Length; p++)
        {
            raw[p] = new long[nodes.Length];
        }

        void ScoreNode(int i)
        {
            for (var p = 0; p < active.Length; p++)
            {
                raw[p][i] = active[p].Score(state, pod, nodes[i]);
            }
        }

        if (nodes.Length <= 64 || _parallel.MaxDegreeOfParallelism == 1)
        {
            for (var i = 0; i < nodes.Length; i++)
            {
                ScoreNode(i);
            }
        }
        else
        {
            var chunk = Math.Max(16, nodes.Length / (Environment.ProcessorCount * 4));
            Parallel.For(0, (nodes.Length + chunk - 1) / chunk, _parallel, c =>
            {
                var end = Math.Min(nodes.Length, (c + 1) * chunk);
                for (var i = c * chunk; i < end; i++)
                {
                    ScoreNode(i);
                }
            });
        }

        var total = new long[nodes.Length];
        for (var p = 0; p < active.Length; p++)
        {
            active[p].Normalize(state, pod, nodes, raw[p]);
            var weight = active[p].Weight;
            for (var i = 0; i < nodes.Length; i++)
            {
                total[i] += raw[p][i] * weight;
            }
        }

        return total;
    }

    /// <summary>The index of the highest score; equal scores are chosen between uniformly (reservoir sampling).</summary>
    private static int Select(long[] scores)
    {
        var best = 0;
        var ties = 1;
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
                ties = 1;
            }
            else if (scores[i] == scores[best] && Random.Shared.Next(++ties) == 0)
            {
                best = i;
            }
        }

        return best;
    }
}
