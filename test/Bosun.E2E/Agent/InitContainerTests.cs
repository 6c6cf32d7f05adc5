using Bosun.E2E.Infrastructure;

namespace Bosun.E2E.Agent;

/// <summary>Init containers run one after another, each to success, before the app container starts.</summary>
[Collection(AgentTestGroup.Name)]
public sealed class InitContainerTests(AgentCluster cluster)
{
    [Fact]
    public async Task InitContainers_RunInOrderBeforeTheApp()
    {
        var (kubectl, ns) = await cluster.NamespaceAsync(KubectlVersions.Newest, "ag-init");
        await Pods.CreateAsync(cluster, kubectl, ns, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: staged
            spec:
              initContainers:
              - name: first
                image: bosun.local/busybox:1.36
                command: ["sh", "-c", "sleep 1; echo first >> /work/order"]
                volumeMounts: [{name: work, mountPath: /work}]
              - name: second
                image: bosun.local/busybox:1.36
                # Fails (and would be retried) unless the first one already finished.
                command: ["sh", "-c", "grep -qx first /work/order && echo second >> /work/order"]
                volumeMounts: [{name: work, mountPath: /work}]
              containers:
              - name: app
                image: bosun.local/busybox:1.36
                command: ["sh", "-c", "echo app >> /work/order; cat /work/order; exec sleep 3600"]
                volumeMounts: [{name: work, mountPath: /work}]
              volumes:
              - name: work
                emptyDir: {}
            """);
        await Pods.WaitRunningAsync(cluster, kubectl, ns, "staged");

        await Eventually.TrueAsync(async () => (await kubectl.SucceedAsync("logs", "staged", "-n", ns, "-c", "app")).Length > 0, "the app's log");
        Assert.Equal("first\nsecond\napp\n", await kubectl.SucceedAsync("logs", "staged", "-n", ns, "-c", "app"));
        Assert.Equal("Completed Completed", await Pods.FieldAsync(kubectl, ns, "staged", ".status.initContainerStatuses[*].state.terminated.reason"));
        Assert.Equal("0 0", await Pods.FieldAsync(kubectl, ns, "staged", ".status.initContainerStatuses[*].restartCount"));
        Assert.Equal("True", await Pods.FieldAsync(kubectl, ns, "staged", ".status.conditions[?(@.type==\"Initialized\")].status"));
        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }

    [Fact]
    public async Task FailingInitContainer_AppNeverStarts()
    {
        var (kubectl, ns) = await cluster.NamespaceAsync(KubectlVersions.Newest, "ag-init-fail");
        await Pods.CreateAsync(cluster, kubectl, ns, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: blocked
            spec:
              initContainers:
              - name: gate
                image: bosun.local/busybox:1.36
                command: ["sh", "-c", "exit 2"]
              containers:
              - name: app
                image: bosun.local/busybox:1.36
                command: ["sleep", "3600"]
            """);
        await Pods.WaitForAsync(cluster, kubectl, ns, "blocked", ".status.initContainerStatuses[0].restartCount", c => c.Length > 0 && c != "0", "the init container retried", TimeSpan.FromSeconds(60));
        Assert.Equal("Pending", await Pods.FieldAsync(kubectl, ns, "blocked", ".status.phase"));
        Assert.Equal("PodInitializing", await Pods.FieldAsync(kubectl, ns, "blocked", ".status.containerStatuses[0].state.waiting.reason"));
        Assert.Contains("Init:", await kubectl.SucceedAsync("get", "pod", "blocked", "-n", ns), StringComparison.Ordinal);
        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }
}
