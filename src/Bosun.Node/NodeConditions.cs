using k8s.Models;

namespace Bosun.Node;

/// <summary>The node conditions a kubelet reports, in its order and words (shared by the real and simulated agents).</summary>
public static class NodeConditions
{
    public static List<V1NodeCondition> Healthy(DateTime heartbeat, DateTime transition) =>
    [
        Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", heartbeat, transition),
        Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", heartbeat, transition),
        Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", heartbeat, transition),
        Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", heartbeat, transition),
    ];

    public static V1NodeCondition Condition(string type, string status, string reason, string message, DateTime heartbeat, DateTime transition) => new()
    {
        Type = type,
        Status = status,
        Reason = reason,
        Message = message,
        LastHeartbeatTime = heartbeat,
        LastTransitionTime = transition,
    };
}
