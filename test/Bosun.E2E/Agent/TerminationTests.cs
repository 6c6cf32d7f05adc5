using System.Diagnostics;
using Bosun.E2E.Infrastructure;

namespace Bosun.E2E.Agent;

/// <summary>
/// Graceful deletion: the agent sends SIGTERM, the container's handler runs and exits, and <c>kubectl delete --wait</c>
/// returns once the agent has confirmed the deletion, long before the 30 s grace period would have forced a SIGKILL.
/// </summary>
[Collection(AgentTestGroup.Name)]
public sealed class TerminationTests(AgentCluster cluster)
{
    [Fact]
    public async Task DeleteWait_SigtermHandler_RanBeforeDeleteReturned()
    {
        var (kubectl, ns) = await cluster.NamespaceAsync(KubectlVersions.Newest, "ag-term");
        var host = Path.Combine(cluster.Server.DataDir, "hostpath-term");
        Directory.CreateDirectory(host);
        var marker = Path.Combine(host, "marker");
        await Pods.CreateAsync(cluster, kubectl, ns, $$"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: polite
            spec:
              terminationGracePeriodSeconds: 30
              containers:
              - name: main
                image: bosun.local/busybox:1.36
                command: ["sh", "-c", "trap 'echo TERM > /host/marker; exit 0' TERM; echo up > /host/started; while true; do sleep 1; done"]
                volumeMounts:
                - {name: host, mountPath: /host}
              volumes:
              - name: host
                hostPath: {path: {{host}}, type: Directory}
            """);
        await Pods.WaitRunningAsync(cluster, kubectl, ns, "polite");
        await Eventually.TrueAsync(() => Task.FromResult(File.Exists(Path.Combine(host, "started"))), "the container wrote to the hostPath volume");
        Assert.False(File.Exists(marker));

        var clock = Stopwatch.StartNew();
        var deleted = await kubectl.RunAsync(["delete", "pod", "polite", "-n", ns, "--wait"], timeout: TimeSpan.FromSeconds(60));
        clock.Stop();
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.True(File.Exists(marker), $"the SIGTERM handler did not run before delete --wait returned\n{cluster.LogTail()}");
        Assert.Equal("TERM\n", await File.ReadAllTextAsync(marker));
        // A handler that never ran would have held the pod for the whole grace period (then SIGKILL).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"delete --wait took {clock.Elapsed.TotalSeconds:F1} s for a container that exits on SIGTERM");
        var gone = await kubectl.RunAsync(["get", "pod", "polite", "-n", ns]);
        Assert.Contains("NotFound", gone.Stderr, StringComparison.Ordinal);

        var events = await kubectl.SucceedAsync("get", "events", "-n", ns, "--field-selector", "involvedObject.name=polite", "-o", "jsonpath={.items[*].reason}");
        Assert.Contains("Killing", events, StringComparison.Ordinal);
        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }
}
