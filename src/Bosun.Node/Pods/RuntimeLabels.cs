namespace Bosun.Node.Pods;

/// <summary>
/// The labels and annotations the agent puts on CRI sandboxes and containers, the kubelet's keys, so an agent
/// restart finds its pods in the runtime again and tools that know the kubelet's names (crictl) read them.
/// </summary>
public static class RuntimeLabels
{
    public const string PodName = "io.kubernetes.pod.name";
    public const string PodNamespace = "io.kubernetes.pod.namespace";
    public const string PodUid = "io.kubernetes.pod.uid";
    public const string ContainerName = "io.kubernetes.container.name";

    /// <summary>Marks what this agent created, so it never touches sandboxes another kubelet owns.</summary>
    public const string ManagedBy = "bosun.dev/managed-by";
    public const string ManagedByValue = "bosun-agent";

    // Container annotations: what the agent needs to rebuild status after a restart.
    public const string RestartCount = "io.kubernetes.container.restartCount";
    public const string TerminationMessagePath = "io.kubernetes.container.terminationMessagePath";
    public const string TerminationMessagePolicy = "io.kubernetes.container.terminationMessagePolicy";
    public const string TerminationMessageFile = "bosun.dev/termination-message-file";
    public const string InitContainer = "bosun.dev/init-container";
    public const string ContainerHash = "io.kubernetes.container.hash";
    public const string PodTerminationGracePeriod = "io.kubernetes.pod.terminationGracePeriod";
}
