namespace Bosun.Scheduler.Framework;

/// <summary>Why a node was rejected, as the framework's status codes.</summary>
internal enum StatusCode
{
    /// <summary>The pod does not fit now; removing pods (preemption) might help.</summary>
    Unschedulable,

    /// <summary>The pod does not fit, and preempting pods on the node would not change that.</summary>
    UnschedulableAndUnresolvable,
}
