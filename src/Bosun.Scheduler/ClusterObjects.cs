using Bosun.Client.Informers;
using Bosun.Scheduler.Framework;
using k8s.Models;

namespace Bosun.Scheduler;

/// <summary>Namespace labels and the workloads selecting a pod, read from the scheduler's informers.</summary>
internal sealed class ClusterObjects(
    Informer<V1Namespace> namespaces,
    Informer<V1Service> services,
    Informer<V1ReplicationController> controllers,
    Informer<V1ReplicaSet> replicaSets,
    Informer<V1StatefulSet> statefulSets) : IClusterObjects
{
    public IDictionary<string, string>? LabelsOf(string @namespace) => namespaces.Cache.Get(@namespace)?.Metadata?.Labels;

    /// <summary>
    /// As upstream's DefaultSelector: the union of the label sets of the Services and ReplicationControllers that
    /// select the pod, and the requirements of the ReplicaSets' and StatefulSets' selectors that select it.
    /// </summary>
    public LabelMatcher DefaultSpreadSelector(PodInfo pod)
    {
        var set = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in services.Cache.ByIndex(Indexers.Namespace, pod.Namespace))
        {
            if (s.Spec?.Selector is { Count: > 0 } selector && LabelMatcher.FromSet(selector).Matches(pod.Labels))
            {
                foreach (var (k, v) in selector)
                {
                    set[k] = v;
                }
            }
        }

        foreach (var rc in controllers.Cache.ByIndex(Indexers.Namespace, pod.Namespace))
        {
            if (rc.Spec?.Selector is { Count: > 0 } selector && LabelMatcher.FromSet(selector).Matches(pod.Labels))
            {
                foreach (var (k, v) in selector)
                {
                    set[k] = v;
                }
            }
        }

        var result = set.Count > 0 ? LabelMatcher.FromSet(set) : null;
        foreach (var rs in replicaSets.Cache.ByIndex(Indexers.Namespace, pod.Namespace))
        {
            result = AndIfSelects(result, rs.Spec?.Selector, pod);
        }

        foreach (var ss in statefulSets.Cache.ByIndex(Indexers.Namespace, pod.Namespace))
        {
            result = AndIfSelects(result, ss.Spec?.Selector, pod);
        }

        return result ?? LabelMatcher.Nothing;
    }

    private static LabelMatcher? AndIfSelects(LabelMatcher? result, V1LabelSelector? selector, PodInfo pod)
    {
        if (selector is null)
        {
            return result;
        }

        var matcher = LabelMatcher.From(selector);
        if (matcher.IsEverything || !matcher.Matches(pod.Labels))
        {
            return result;
        }

        return result is null ? matcher : result.And(matcher);
    }
}
