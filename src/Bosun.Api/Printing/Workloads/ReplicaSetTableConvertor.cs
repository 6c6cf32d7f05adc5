namespace Bosun.Api.Printing.Workloads;

/// <summary>ReplicaSets: the replica-count columns, selector as a label selector.</summary>
public sealed class ReplicaSetTableConvertor() : ReplicaCountTableConvertor(
    "Replicas is the number of desired pods.",
    "The number of ready replicas for this replica set.",
    "Selector is a label query over pods that should match the replica count.",
    Selectors.FormatLabelSelector)
{
    public static readonly ReplicaSetTableConvertor Instance = new();
}
