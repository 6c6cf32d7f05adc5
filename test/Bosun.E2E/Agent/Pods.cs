using Bosun.E2E.Infrastructure;

namespace Bosun.E2E.Agent;

/// <summary>Small kubectl steps the agent tests repeat: create from YAML, read a field, wait for a state.</summary>
public static class Pods
{
    /// <summary>How long a pod with a cached image may take to run (generous: two shared cores, other builds).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary><c>kubectl create -n NS -f</c> of <paramref name="yaml"/>.</summary>
    public static Task CreateAsync(AgentCluster cluster, Kubectl kubectl, string ns, string yaml)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(kubectl);
        return kubectl.SucceedAsync("create", "-n", ns, "-f", Manifests.Write(cluster.Server, yaml));
    }

    /// <summary>A jsonpath of one pod (empty when the field is absent).</summary>
    public static async Task<string> FieldAsync(Kubectl kubectl, string ns, string pod, string jsonPath)
    {
        ArgumentNullException.ThrowIfNull(kubectl);
        return (await kubectl.SucceedAsync("get", "pod", pod, "-n", ns, "-o", "jsonpath={" + jsonPath + "}")).Trim();
    }

    /// <summary>Waits until the pod's phase is Running; returns its IP.</summary>
    public static async Task<string> WaitRunningAsync(AgentCluster cluster, Kubectl kubectl, string ns, string pod, TimeSpan? timeout = null)
    {
        await WaitForAsync(cluster, kubectl, ns, pod, ".status.phase", phase => phase == "Running", "phase Running", timeout);
        return await FieldAsync(kubectl, ns, pod, ".status.podIP");
    }

    /// <summary>
    /// Waits until <paramref name="jsonPath"/> of the pod satisfies <paramref name="accept"/>; on timeout fails with the
    /// pod's description and the end of the server's log.
    /// </summary>
    public static Task WaitForAsync(AgentCluster cluster, Kubectl kubectl, string ns, string pod, string jsonPath, Func<string, bool> accept, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(accept);
        return Eventually.TrueAsync(
            async () => accept(await FieldAsync(kubectl, ns, pod, jsonPath)),
            $"pod {ns}/{pod}: {what} ({jsonPath})",
            timeout ?? StartTimeout,
            () => DescribeAsync(cluster, kubectl, ns, pod));
    }

    /// <summary><c>kubectl describe pod</c>, the pod's status as JSON and the server's last lines, for failure messages.</summary>
    public static async Task<string> DescribeAsync(AgentCluster cluster, Kubectl kubectl, string ns, string pod)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(kubectl);
        var describe = await kubectl.RunAsync(["describe", "pod", pod, "-n", ns]);
        var status = await kubectl.RunAsync(["get", "pod", pod, "-n", ns, "-o", "jsonpath={.status}"]);
        return $"--- describe\n{describe.Output}\n--- status\n{status.Output}\n--- server log\n{cluster.LogTail()}";
    }

    /// <summary><c>kubectl exec POD -- sh -c SCRIPT</c>; returns what it printed, failing unless it exits 0.</summary>
    public static Task<string> ShAsync(Kubectl kubectl, string ns, string pod, string script)
    {
        ArgumentNullException.ThrowIfNull(kubectl);
        return kubectl.SucceedAsync("exec", pod, "-n", ns, "--", "sh", "-c", script);
    }

    /// <summary>Deletes the test's namespace without waiting (the namespace controller and the agent finish it).</summary>
    public static Task DeleteNamespaceAsync(Kubectl kubectl, string ns)
    {
        ArgumentNullException.ThrowIfNull(kubectl);
        return kubectl.RunAsync(["delete", "namespace", ns, "--wait=false"]);
    }
}
