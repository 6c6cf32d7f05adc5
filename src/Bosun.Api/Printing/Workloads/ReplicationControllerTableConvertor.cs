namespace Bosun.Api.Printing.Workloads;

/// <summary>ReplicationControllers: the replica-count columns, selector as a plain label map.</summary>
public sealed class ReplicationControllerTableConvertor() : ReplicaCountTableConvertor(
    "Replicas is the number of desired replicas.",
    "The number of ready replicas for this replication controller.",
    "Selector is a label query over pods that should match the Replicas count.",
    Selectors.FormatLabels)
{
    public static readonly ReplicationControllerTableConvertor Instance = new();
}
