using Bosun.Client.Informers;
using Bosun.Client.Models;
using Bosun.Scheduler.Framework;
using Bosun.Scheduler.Plugins.InterPodAffinity;
using Bosun.Scheduler.Plugins.NodeAffinity;
using Bosun.Scheduler.Plugins.NodeResourcesFit;
using Bosun.Scheduler.Plugins.NodeUnschedulable;
using Bosun.Scheduler.Plugins.PodTopologySpread;
using Bosun.Scheduler.Plugins.TaintToleration;
using Bosun.Scheduler.Queue;
using k8s.Models;

namespace Bosun.Scheduler;

/// <summary>The informer handlers: what each change to pods and nodes does to the cache and the queue.</summary>
internal sealed partial class Scheduler
{
    private static bool Assigned(V1Pod pod) => !string.IsNullOrEmpty(pod.Spec?.NodeName);

    private static bool Terminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    private static bool Responsible(V1Pod pod) => pod.Spec?.SchedulerName is null or "" or SchedulerOptions.DefaultSchedulerName;

    private void OnPodAdd(V1Pod pod)
    {
        if (Terminal(pod))
        {
            return;
        }

        if (Assigned(pod))
        {
            var info = Info(pod);
            _cache.AddPod(info);
            _nominator.Remove(info.Uid);
            _queue.MoveAll(AssignedPodAdd);
        }
        else if (Responsible(pod) && pod.Metadata?.DeletionTimestamp is null)
        {
            var info = Info(pod);
            _queue.Add(info);
            if (pod.Status?.NominatedNodeName is { Length: > 0 } nominated)
            {
                _nominator.Nominate(info, nominated);
            }
        }
    }

    private void OnPodUpdate(V1Pod old, V1Pod pod)
    {
        var key = ObjectKey.Of(pod);
        if (Terminal(pod))
        {
            OnPodDelete(Assigned(old) ? old : pod);
            return;
        }

        if (Assigned(pod))
        {
            var info = Info(pod);
            if (!Assigned(old))
            {
                _queue.Delete(key);
                _nominator.Remove(info.Uid);
                _cache.AddPod(info);
                _queue.MoveAll(AssignedPodAdd);
                return;
            }

            _cache.UpdatePod(info);
            if (!LabelSets.Equal(old.Metadata?.Labels, pod.Metadata?.Labels))
            {
                _queue.MoveAll(AssignedPodLabelUpdate);
            }

            return;
        }

        if (!Responsible(pod) || pod.Metadata?.DeletionTimestamp is not null)
        {
            _queue.Delete(key);
            return;
        }

        var updated = Info(pod);
        _queue.Add(updated);
        if (pod.Status?.NominatedNodeName is { Length: > 0 } nominated)
        {
            _nominator.Nominate(updated, nominated);
        }
    }

    private void OnPodDelete(V1Pod pod)
    {
        var info = PodInfo.Create(pod);
        _nominator.Remove(info.Uid);
        if (Assigned(pod))
        {
            _cache.RemovePod(info);
            _queue.MoveAll(AssignedPodDelete);
        }
        else
        {
            _queue.Delete(info.Key);
        }
    }

    private void OnNodeAdd(V1Node node)
    {
        _cache.AddOrUpdateNode(node);
        _queue.MoveAll(NodeAdd);
    }

    private void OnNodeUpdate(V1Node old, V1Node node)
    {
        _cache.AddOrUpdateNode(node);
        var plugins = new HashSet<string>(StringComparer.Ordinal);
        if (!QuantitiesEqual(old.Status?.Allocatable, node.Status?.Allocatable))
        {
            plugins.Add(NodeResourcesFitPlugin.PluginName);
        }

        if (!LabelSets.Equal(old.Metadata?.Labels, node.Metadata?.Labels))
        {
            plugins.UnionWith([NodeAffinityPlugin.PluginName, InterPodAffinityPlugin.PluginName, PodTopologySpreadPlugin.PluginName]);
        }

        if (!TaintsEqual(old.Spec?.Taints, node.Spec?.Taints))
        {
            plugins.UnionWith([TaintTolerationPlugin.PluginName, PodTopologySpreadPlugin.PluginName]);
        }

        if ((old.Spec?.Unschedulable ?? false) != (node.Spec?.Unschedulable ?? false))
        {
            plugins.Add(NodeUnschedulablePlugin.PluginName);
        }

        if (plugins.Count > 0)
        {
            _queue.MoveAll(new ClusterEvent("NodeUpdate", plugins));
        }
    }

    private void OnNodeDelete(V1Node node) => _cache.RemoveNode(node.Metadata.Name);

    private static bool QuantitiesEqual(IDictionary<string, ResourceQuantity>? a, IDictionary<string, ResourceQuantity>? b)
    {
        a ??= new Dictionary<string, ResourceQuantity>();
        b ??= new Dictionary<string, ResourceQuantity>();
        return a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v?.ToString() == kv.Value?.ToString());
    }

    private static bool TaintsEqual(IList<V1Taint>? a, IList<V1Taint>? b)
    {
        a ??= [];
        b ??= [];
        return a.Count == b.Count && a.Zip(b).All(p => p.First.Key == p.Second.Key && p.First.Value == p.Second.Value && p.First.Effect == p.Second.Effect);
    }
}
