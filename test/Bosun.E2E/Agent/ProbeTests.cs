using Bosun.E2E.Infrastructure;

namespace Bosun.E2E.Agent;

/// <summary>
/// Liveness, readiness and startup probes (exec, httpGet, tcpSocket) as kubectl users see them: restarts with
/// Unhealthy and Killing events, the Ready condition following readiness, and started following the startup probe.
/// </summary>
[Collection(AgentTestGroup.Name)]
public sealed class ProbeTests(AgentCluster cluster)
{
    [Fact]
    public async Task FailingLivenessProbe_ContainerRestarted()
    {
        var (kubectl, ns) = await cluster.NamespaceAsync(KubectlVersions.Newest, "ag-live");
        await Pods.CreateAsync(cluster, kubectl, ns, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: sick
            spec:
              terminationGracePeriodSeconds: 2
              containers:
              - name: main
                image: bosun.local/busybox:1.36
                # Healthy for a few seconds, then the probe's file disappears.
                command: ["sh", "-c", "touch /tmp/healthy; sleep 4; rm /tmp/healthy; sleep 3600"]
                livenessProbe:
                  exec:
                    command: ["cat", "/tmp/healthy"]
                  initialDelaySeconds: 1
                  periodSeconds: 1
                  failureThreshold: 2
            """);
        await Pods.WaitForAsync(cluster, kubectl, ns, "sick", ".status.containerStatuses[0].restartCount", c => c.Length > 0 && c != "0", "restarted by the liveness probe", TimeSpan.FromSeconds(90));

        var reasons = await kubectl.SucceedAsync("get", "events", "-n", ns, "--field-selector", "involvedObject.name=sick", "-o", "jsonpath={.items[*].reason}");
        Assert.Contains("Unhealthy", reasons, StringComparison.Ordinal);
        Assert.Contains("Killing", reasons, StringComparison.Ordinal);
        var messages = await kubectl.SucceedAsync("get", "events", "-n", ns, "--field-selector", "involvedObject.name=sick,reason=Unhealthy", "-o", "jsonpath={.items[*].message}");
        Assert.Contains("Liveness probe failed", messages, StringComparison.Ordinal);
        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }

    [Fact]
    public async Task ReadinessProbe_DrivesReadyCondition()
    {
        // exec is only a tool here (ExecTests covers both clients): any kubectl will do.
        var (kubectl, ns) = await cluster.NamespaceAsync(KubectlVersions.Oldest, "ag-ready");
        await Pods.CreateAsync(cluster, kubectl, ns, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: gate
            spec:
              terminationGracePeriodSeconds: 2
              containers:
              - name: main
                image: bosun.local/busybox:1.36
                command: ["sh", "-c", "mkdir -p /www; exec httpd -f -p 8080 -h /www"]
                readinessProbe:
                  httpGet:
                    path: /ready
                    port: 8080
                  periodSeconds: 1
                  failureThreshold: 1
            """);
        await Pods.WaitRunningAsync(cluster, kubectl, ns, "gate");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal("False", await Pods.FieldAsync(kubectl, ns, "gate", ".status.conditions[?(@.type==\"Ready\")].status"));
        Assert.Equal("false", await Pods.FieldAsync(kubectl, ns, "gate", ".status.containerStatuses[0].ready"));

        await Pods.ShAsync(kubectl, ns, "gate", "echo ok > /www/ready");
        await Pods.WaitForAsync(cluster, kubectl, ns, "gate", ".status.conditions[?(@.type==\"Ready\")].status", s => s == "True", "Ready once /ready answers 200", TimeSpan.FromSeconds(30));

        await Pods.ShAsync(kubectl, ns, "gate", "rm /www/ready");
        await Pods.WaitForAsync(cluster, kubectl, ns, "gate", ".status.conditions[?(@.type==\"Ready\")].status", s => s == "False", "not Ready once /ready answers 404", TimeSpan.FromSeconds(30));
        Assert.Equal("0", await Pods.FieldAsync(kubectl, ns, "gate", ".status.containerStatuses[0].restartCount"));
        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }

    [Fact]
    public async Task StartupProbe_TcpSocket_StartedOnceListening()
    {
        var (kubectl, ns) = await cluster.NamespaceAsync(KubectlVersions.Newest, "ag-startup");
        await Pods.CreateAsync(cluster, kubectl, ns, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: slow
            spec:
              terminationGracePeriodSeconds: 2
              containers:
              - name: main
                image: bosun.local/busybox:1.36
                command: ["sh", "-c", "sleep 8; exec httpd -f -p 8080 -h /var/www"]
                startupProbe:
                  tcpSocket:
                    port: 8080
                  periodSeconds: 1
                  failureThreshold: 30
            """);
        await Pods.WaitRunningAsync(cluster, kubectl, ns, "slow");
        Assert.Equal("false", await Pods.FieldAsync(kubectl, ns, "slow", ".status.containerStatuses[0].started"));

        await Pods.WaitForAsync(cluster, kubectl, ns, "slow", ".status.containerStatuses[0].started", s => s == "true", "started once port 8080 accepts", TimeSpan.FromSeconds(30));
        await Pods.WaitForAsync(cluster, kubectl, ns, "slow", ".status.conditions[?(@.type==\"Ready\")].status", s => s == "True", "Ready after the startup probe (no readiness probe)", TimeSpan.FromSeconds(15));
        Assert.Equal("0", await Pods.FieldAsync(kubectl, ns, "slow", ".status.containerStatuses[0].restartCount"));
        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }
}
