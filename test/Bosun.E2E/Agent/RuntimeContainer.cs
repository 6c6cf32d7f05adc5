namespace Bosun.E2E.Agent;

/// <summary>One container in the agent's containerd (k8s.io namespace), as <c>ctr containers info</c> shows it.</summary>
/// <param name="Id">The container id.</param>
/// <param name="IsSandbox">A pod sandbox (pause) rather than an app or init container.</param>
/// <param name="PodUid">The io.kubernetes.pod.uid label (empty when absent).</param>
/// <param name="NetworkNamespace">The sandbox's network namespace path (/var/run/netns/cni-...), or null.</param>
public sealed record RuntimeContainer(string Id, bool IsSandbox, string PodUid, string? NetworkNamespace);
