using Bosun.Scheduler.Framework;

namespace Bosun.Scheduler.Preemption;

/// <summary>
/// What preemption decided: a node and the pods to evict there (<see cref="NodeName"/> null when it cannot help),
/// and the message part that follows "preemption: " in the pod's condition.
/// </summary>
internal sealed record PreemptionResult(string? NodeName, IReadOnlyList<PodInfo> Victims, string Message);
