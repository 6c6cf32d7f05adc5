namespace Bosun.Scheduler.Framework;

/// <summary>
/// Objects other than pods and nodes that plugins consult: namespace labels (affinity namespaceSelector) and the
/// workloads selecting a pod (default topology spreading).
/// </summary>
internal interface IClusterObjects : INamespaceLabels
{
    /// <summary>
    /// The selector of the Services, ReplicationControllers, ReplicaSets and StatefulSets that select
    /// <paramref name="pod"/>, combined; <see cref="LabelMatcher.Nothing"/> when none does.
    /// </summary>
    LabelMatcher DefaultSpreadSelector(PodInfo pod);
}
