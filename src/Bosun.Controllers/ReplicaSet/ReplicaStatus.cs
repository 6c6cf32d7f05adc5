namespace Bosun.Controllers.ReplicaSet;

/// <summary>The status a replica controller writes, common to ReplicaSets and ReplicationControllers.</summary>
internal sealed record ReplicaStatus(int Replicas, int FullyLabeledReplicas, int ReadyReplicas, int AvailableReplicas, long ObservedGeneration, ReplicaFailure? Failure);

/// <summary>The ReplicaFailure condition (status True) with why the last creates or deletes failed.</summary>
internal sealed record ReplicaFailure(string Reason, string Message, DateTime LastTransitionTime);
