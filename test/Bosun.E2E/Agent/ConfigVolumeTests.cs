using Bosun.E2E.Infrastructure;

namespace Bosun.E2E.Agent;

/// <summary>ConfigMap and Secret values as environment variables and as files, and a ConfigMap update reaching the file.</summary>
[Collection(AgentTestGroup.Name)]
public sealed class ConfigVolumeTests(AgentCluster cluster)
{
    [Fact]
    public async Task ConfigMapAndSecret_EnvAndFiles_UpdateReachesMountedFile()
    {
        // exec is only a tool here (ExecTests covers both clients): any kubectl will do.
        var (kubectl, ns) = await cluster.NamespaceAsync(KubectlVersions.Oldest, "ag-config");
        await kubectl.SucceedAsync("create", "configmap", "settings", "-n", ns, "--from-literal=greeting=hello", "--from-literal=color=blue");
        await kubectl.SucceedAsync("create", "secret", "generic", "creds", "-n", ns, "--from-literal=password=s3cret");
        await Pods.CreateAsync(cluster, kubectl, ns, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: reader
            spec:
              containers:
              - name: main
                image: bosun.local/busybox:1.36
                command: ["sleep", "3600"]
                env:
                - name: GREETING
                  valueFrom:
                    configMapKeyRef: {name: settings, key: greeting}
                - name: PASSWORD
                  valueFrom:
                    secretKeyRef: {name: creds, key: password}
                envFrom:
                - prefix: CM_
                  configMapRef: {name: settings}
                volumeMounts:
                - {name: settings, mountPath: /etc/settings}
                - {name: creds, mountPath: /etc/creds, readOnly: true}
              volumes:
              - name: settings
                configMap: {name: settings}
              - name: creds
                secret: {secretName: creds, defaultMode: 0400}
            """);
        await Pods.WaitRunningAsync(cluster, kubectl, ns, "reader");

        Assert.Equal("hello s3cret blue", (await Pods.ShAsync(kubectl, ns, "reader", "echo $GREETING $PASSWORD $CM_color")).Trim());
        Assert.Equal("hello", await Pods.ShAsync(kubectl, ns, "reader", "cat /etc/settings/greeting"));
        Assert.Equal("s3cret", await Pods.ShAsync(kubectl, ns, "reader", "cat /etc/creds/password"));
        Assert.Equal("400", (await Pods.ShAsync(kubectl, ns, "reader", "stat -L -c %a /etc/creds/password")).Trim());
        // Secrets never touch the node's disk: their volume is a tmpfs.
        Assert.StartsWith("tmpfs ", await Pods.ShAsync(kubectl, ns, "reader", "grep ' /etc/creds ' /proc/mounts"), StringComparison.Ordinal);

        await kubectl.SucceedAsync("patch", "configmap", "settings", "-n", ns, "-p", """{"data":{"greeting":"updated"}}""");
        // The agent refreshes configMap volumes every 10 s (the kubelet: about a minute); the environment stays as started.
        await Eventually.TrueAsync(
            async () => await Pods.ShAsync(kubectl, ns, "reader", "cat /etc/settings/greeting") == "updated",
            "the configMap update in /etc/settings/greeting",
            TimeSpan.FromSeconds(45),
            async () => await Pods.ShAsync(kubectl, ns, "reader", "ls -la /etc/settings; cat /etc/settings/greeting"));
        Assert.Equal("hello", (await Pods.ShAsync(kubectl, ns, "reader", "echo $GREETING")).Trim());
        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }
}
