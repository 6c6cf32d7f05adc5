using Bosun.E2E.Infrastructure;

namespace Bosun.E2E.Agent;

/// <summary>resources.limits become cgroup limits: a container allocating past its memory limit is OOM-killed and the status says so.</summary>
[Collection(AgentTestGroup.Name)]
public sealed class ResourceLimitTests(AgentCluster cluster)
{
    [Fact]
    public async Task MemoryLimit_Exceeded_TerminatedOomKilled()
    {
        var (kubectl, ns) = await cluster.NamespaceAsync(KubectlVersions.Newest, "ag-oom");
        await Pods.CreateAsync(cluster, kubectl, ns, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: hog
            spec:
              restartPolicy: Never
              containers:
              - name: hog
                image: bosun.local/busybox:1.36
                # The shell doubles a string until the 20 MiB cgroup limit stops it.
                command: ["sh", "-c", "x=a; while true; do x=$x$x; done"]
                resources:
                  limits:
                    memory: 20Mi
            """);

        await Pods.WaitForAsync(cluster, kubectl, ns, "hog", ".status.containerStatuses[0].state.terminated.reason", r => r.Length > 0, "terminated", TimeSpan.FromSeconds(90));
        Assert.Equal("OOMKilled", await Pods.FieldAsync(kubectl, ns, "hog", ".status.containerStatuses[0].state.terminated.reason"));
        Assert.Equal("137", await Pods.FieldAsync(kubectl, ns, "hog", ".status.containerStatuses[0].state.terminated.exitCode"));
        await Pods.WaitForAsync(cluster, kubectl, ns, "hog", ".status.phase", p => p == "Failed", "phase Failed");
        Assert.Equal("Burstable", await Pods.FieldAsync(kubectl, ns, "hog", ".status.qosClass"));
        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }

    [Fact]
    public async Task MemoryLimit_ExceededWithRestartAlways_LastStateOomKilled()
    {
        var (kubectl, ns) = await cluster.NamespaceAsync(KubectlVersions.Newest, "ag-oom-restart");
        await Pods.CreateAsync(cluster, kubectl, ns, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: hog
            spec:
              containers:
              - name: hog
                image: bosun.local/busybox:1.36
                command: ["sh", "-c", "head -c 100m /dev/zero | tail"]
                resources:
                  limits:
                    memory: 20Mi
            """);

        await Pods.WaitForAsync(cluster, kubectl, ns, "hog", ".status.containerStatuses[0].lastState.terminated.reason", r => r == "OOMKilled", "lastState OOMKilled", TimeSpan.FromSeconds(90));
        Assert.NotEqual("0", await Pods.FieldAsync(kubectl, ns, "hog", ".status.containerStatuses[0].restartCount"));
        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }
}
