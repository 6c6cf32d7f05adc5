using Bosun.E2E.Infrastructure;
using Bosun.Node.Images;

namespace Bosun.E2E.Agent;

/// <summary><c>kubectl logs</c> from the agent's CRI log files: follow, the previous container, and container choice.</summary>
[Collection(AgentTestGroup.Name)]
public sealed class LogsTests(AgentCluster cluster)
{
    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task LogsFollow_RunningContainer_SeesNewLines(string version)
    {
        var (kubectl, ns) = await cluster.NamespaceAsync(version, "ag-logs-f");
        await kubectl.SucceedAsync("run", "ticker", "-n", ns, "--image=" + TestImages.Busybox, "--", "sh", "-c", "i=0; while true; do echo tick-$i; i=$((i+1)); sleep 1; done");
        await Pods.WaitRunningAsync(cluster, kubectl, ns, "ticker");
        await Eventually.TrueAsync(async () => (await kubectl.SucceedAsync("logs", "ticker", "-n", ns)).Contains("tick-0", StringComparison.Ordinal), "the first line logged");

        using var follow = kubectl.StartBackground("logs", "-f", "ticker", "-n", ns);
        await follow.WaitForOutputAsync("tick-0\n", TimeSpan.FromSeconds(15));
        // Lines written after kubectl started following arrive on the same stream.
        var logged = (await kubectl.SucceedAsync("logs", "ticker", "-n", ns)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        await follow.WaitForOutputAsync($"tick-{logged + 2}\n", TimeSpan.FromSeconds(20));
        Assert.Contains($"tick-{logged}\ntick-{logged + 1}\n", follow.Stdout, StringComparison.Ordinal);
        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task LogsPrevious_AfterRestart_ShowsTheDeadContainer(string version)
    {
        var (kubectl, ns) = await cluster.NamespaceAsync(version, "ag-logs-prev");
        // The first run leaves a mark in an emptyDir (which outlives containers) and fails; the second keeps running.
        await Pods.CreateAsync(cluster, kubectl, ns, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: twice
            spec:
              containers:
              - name: main
                image: bosun.local/busybox:1.36
                command: ["sh", "-c", "if [ -f /data/ran ]; then echo second-run; exec sleep 3600; fi; touch /data/ran; echo first-run; exit 1"]
                volumeMounts:
                - name: data
                  mountPath: /data
              volumes:
              - name: data
                emptyDir: {}
            """);
        await Pods.WaitForAsync(cluster, kubectl, ns, "twice", ".status.containerStatuses[0].restartCount", c => c == "1", "restarted once", TimeSpan.FromSeconds(90));
        await Pods.WaitForAsync(cluster, kubectl, ns, "twice", ".status.containerStatuses[0].state.running.startedAt", s => s.Length > 0, "running again", TimeSpan.FromSeconds(60));
        Assert.Equal("1", await Pods.FieldAsync(kubectl, ns, "twice", ".status.containerStatuses[0].lastState.terminated.exitCode"));

        Assert.Equal("first-run\n", await kubectl.SucceedAsync("logs", "twice", "-n", ns, "--previous"));
        await Eventually.TrueAsync(async () => await kubectl.SucceedAsync("logs", "twice", "-n", ns) == "second-run\n", "the current container's log");
        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }

    [Fact]
    public async Task Logs_MultiContainerPodWithoutContainer_BadRequestListingContainers()
    {
        var (kubectl, ns) = await cluster.NamespaceAsync(KubectlVersions.Newest, "ag-logs-multi");
        await Pods.CreateAsync(cluster, kubectl, ns, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: pair
            spec:
              containers:
              - name: alpha
                image: bosun.local/busybox:1.36
                command: ["sh", "-c", "echo from-alpha; exec sleep 3600"]
              - name: beta
                image: bosun.local/busybox:1.36
                command: ["sh", "-c", "echo from-beta; exec sleep 3600"]
            """);
        await Pods.WaitRunningAsync(cluster, kubectl, ns, "pair");

        // The API itself refuses to guess (kubectl picks a default container before asking, so ask it raw).
        var raw = await kubectl.RunAsync(["get", "--raw", $"/api/v1/namespaces/{ns}/pods/pair/log"]);
        Assert.True(raw.ExitCode != 0, raw.ToString());
        Assert.Contains("BadRequest", raw.Stderr, StringComparison.Ordinal);
        Assert.Contains("a container name must be specified for pod pair, choose one of: [alpha beta]", raw.Stderr, StringComparison.Ordinal);

        await Eventually.TrueAsync(async () => await kubectl.SucceedAsync("logs", "pair", "-n", ns, "-c", "beta") == "from-beta\n", "logs -c beta");
        var defaulted = await kubectl.RunAsync(["logs", "pair", "-n", ns]);
        Assert.True(defaulted.ExitCode == 0, defaulted.ToString());
        Assert.Equal("from-alpha\n", defaulted.Stdout);
        Assert.Contains("Defaulted container \"alpha\" out of: alpha, beta", defaulted.Stderr, StringComparison.Ordinal);
        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }
}
