using Bosun.E2E.Infrastructure;
using Bosun.Node.Images;

namespace Bosun.E2E.Agent;

/// <summary>
/// Restarting the server (SIGTERM, then start again on the same data dir) loses no pod: the agent adopts the
/// containers still running in their shims, with the same container IDs, addresses and restart counts.
/// </summary>
[Collection(AgentTestGroup.Name)]
public sealed class ServerRestartTests(AgentCluster cluster)
{
    [Fact]
    public async Task ServerRestart_RunningPods_AdoptedNotRestarted()
    {
        // exec is only a tool here (ExecTests covers both clients): any kubectl will do.
        var (kubectl, ns) = await cluster.NamespaceAsync(KubectlVersions.Oldest, "ag-restart");
        await kubectl.SucceedAsync("run", "web", "-n", ns, "--image=" + TestImages.Busybox, "--", "httpd", "-f", "-p", "8080", "-h", "/var/www");
        var ip = await Pods.WaitRunningAsync(cluster, kubectl, ns, "web");
        var containerId = await Pods.FieldAsync(kubectl, ns, "web", ".status.containerStatuses[0].containerID");
        var startedAt = await Pods.FieldAsync(kubectl, ns, "web", ".status.containerStatuses[0].state.running.startedAt");
        Assert.StartsWith("containerd://", containerId, StringComparison.Ordinal);

        await cluster.RestartServerAsync();

        // A pod created after the restart runs: the agent is back and syncing, so it has also seen the old pod.
        await kubectl.SucceedAsync("run", "after", "-n", ns, "--image=" + TestImages.Busybox, "--", "sleep", "3600");
        await Pods.WaitRunningAsync(cluster, kubectl, ns, "after");
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(containerId, await Pods.FieldAsync(kubectl, ns, "web", ".status.containerStatuses[0].containerID"));
        Assert.Equal(startedAt, await Pods.FieldAsync(kubectl, ns, "web", ".status.containerStatuses[0].state.running.startedAt"));
        Assert.Equal("0", await Pods.FieldAsync(kubectl, ns, "web", ".status.containerStatuses[0].restartCount"));
        Assert.Equal(ip, await Pods.FieldAsync(kubectl, ns, "web", ".status.podIP"));
        Assert.Equal("Running", await Pods.FieldAsync(kubectl, ns, "web", ".status.phase"));
        Assert.Contains(containerId["containerd://".Length..], await RuntimeInventory.TasksAsync(cluster));

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Assert.Equal(TestImages.IndexHtml, await http.GetStringAsync(new Uri($"http://{ip}:8080/")));
        Assert.Equal("adopted\n", await kubectl.SucceedAsync("exec", "web", "-n", ns, "--", "echo", "adopted"));
        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }
}
