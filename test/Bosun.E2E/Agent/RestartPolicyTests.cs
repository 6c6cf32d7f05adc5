using Bosun.E2E.Infrastructure;
using Bosun.Node.Images;

namespace Bosun.E2E.Agent;

/// <summary>A container that keeps failing under restartPolicy Always: restarted with back-off, shown as CrashLoopBackOff.</summary>
[Collection(AgentTestGroup.Name)]
public sealed class RestartPolicyTests(AgentCluster cluster)
{
    [Fact]
    public async Task CrashingContainer_RestartAlways_CrashLoopBackOffWithRestarts()
    {
        var (kubectl, ns) = await cluster.NamespaceAsync(KubectlVersions.Newest, "ag-crash");
        await kubectl.SucceedAsync("run", "crash", "-n", ns, "--image=" + TestImages.Busybox, "--", "sh", "-c", "echo dying; exit 1");

        await Pods.WaitForAsync(cluster, kubectl, ns, "crash", ".status.containerStatuses[0].state.waiting.reason", r => r == "CrashLoopBackOff", "waiting CrashLoopBackOff", TimeSpan.FromSeconds(90));
        Assert.NotEqual("0", await Pods.FieldAsync(kubectl, ns, "crash", ".status.containerStatuses[0].restartCount"));
        Assert.Contains("back-off", await Pods.FieldAsync(kubectl, ns, "crash", ".status.containerStatuses[0].state.waiting.message"), StringComparison.Ordinal);
        Assert.Equal("1", await Pods.FieldAsync(kubectl, ns, "crash", ".status.containerStatuses[0].lastState.terminated.exitCode"));
        Assert.Equal("Error", await Pods.FieldAsync(kubectl, ns, "crash", ".status.containerStatuses[0].lastState.terminated.reason"));
        Assert.Equal("Running", await Pods.FieldAsync(kubectl, ns, "crash", ".status.phase"));
        Assert.Contains("CrashLoopBackOff", await kubectl.SucceedAsync("get", "pod", "crash", "-n", ns), StringComparison.Ordinal);

        await Eventually.TrueAsync(
            async () => (await kubectl.SucceedAsync("get", "events", "-n", ns, "--field-selector", "involvedObject.name=crash", "-o", "jsonpath={.items[*].reason}")).Contains("BackOff", StringComparison.Ordinal),
            "a BackOff event");
        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }

    [Fact]
    public async Task FailingContainer_RestartNever_PodFailedWithoutRestart()
    {
        var (kubectl, ns) = await cluster.NamespaceAsync(KubectlVersions.Newest, "ag-never");
        await kubectl.SucceedAsync("run", "once", "-n", ns, "--restart=Never", "--image=" + TestImages.Busybox, "--", "sh", "-c", "echo bye > /dev/termination-log; exit 7");

        await Pods.WaitForAsync(cluster, kubectl, ns, "once", ".status.phase", p => p == "Failed", "phase Failed", TimeSpan.FromSeconds(60));
        Assert.Equal("7", await Pods.FieldAsync(kubectl, ns, "once", ".status.containerStatuses[0].state.terminated.exitCode"));
        Assert.Equal("bye", await Pods.FieldAsync(kubectl, ns, "once", ".status.containerStatuses[0].state.terminated.message"));
        Assert.Equal("0", await Pods.FieldAsync(kubectl, ns, "once", ".status.containerStatuses[0].restartCount"));
        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }
}
