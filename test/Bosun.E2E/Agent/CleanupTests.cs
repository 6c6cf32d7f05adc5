using Bosun.E2E.Infrastructure;
using Bosun.Node.Images;

namespace Bosun.E2E.Agent;

/// <summary>
/// Deleting pods removes everything they had on the node: containers and sandboxes, tasks, network namespaces,
/// IP allocations, cgroups, volume mounts and pod folders. Counted before the pods exist and after they are gone.
/// </summary>
[Collection(AgentTestGroup.Name)]
public sealed class CleanupTests(AgentCluster cluster)
{
    [Fact]
    public async Task DeletedPods_LeaveNothingOnTheNode()
    {
        var (kubectl, ns) = await cluster.NamespaceAsync(KubectlVersions.Newest, "ag-leak");
        // Earlier tests delete their namespaces when they pass; a failed one leaves its pods, deleted here. The
        // baseline is taken once the runtime holds nothing of them (which is itself checked at the end).
        await kubectl.RunAsync(["delete", "pods", "--all", "--all-namespaces", "--wait", "--timeout=90s"], timeout: TimeSpan.FromSeconds(100));
        await Eventually.TrueAsync(
            async () => (await kubectl.SucceedAsync("get", "pods", "--all-namespaces", "-o", "name")).Trim().Length == 0,
            "no pods left from other tests",
            TimeSpan.FromSeconds(60),
            () => kubectl.SucceedAsync("get", "pods", "--all-namespaces", "-o", "wide"));
        await Eventually.TrueAsync(
            async () => (await RuntimeInventory.ContainersAsync(cluster)).Count == 0,
            "earlier tests' containers and sandboxes removed from the runtime",
            TimeSpan.FromSeconds(60),
            async () => string.Join('\n', await RuntimeInventory.ContainersAsync(cluster)));
        var before = await NodeFootprint.CaptureAsync(cluster);

        await kubectl.SucceedAsync("create", "configmap", "cm", "-n", ns, "--from-literal=k=v");
        await kubectl.SucceedAsync("create", "secret", "generic", "sec", "-n", ns, "--from-literal=k=v");
        await Pods.CreateAsync(cluster, kubectl, ns, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: full
            spec:
              terminationGracePeriodSeconds: 2
              initContainers:
              - name: init
                image: bosun.local/busybox:1.36
                command: ["sh", "-c", "echo ok > /scratch/init"]
                volumeMounts: [{name: scratch, mountPath: /scratch}]
              containers:
              - name: main
                image: bosun.local/busybox:1.36
                command: ["sleep", "3600"]
                volumeMounts:
                - {name: scratch, mountPath: /scratch}
                - {name: memory, mountPath: /memory}
                - {name: cm, mountPath: /cm}
                - {name: sec, mountPath: /sec}
              - name: side
                image: bosun.local/busybox:1.36
                command: ["httpd", "-f", "-p", "8080", "-h", "/var/www"]
              volumes:
              - {name: scratch, emptyDir: {}}
              - {name: memory, emptyDir: {medium: Memory, sizeLimit: 8Mi}}
              - {name: cm, configMap: {name: cm}}
              - {name: sec, secret: {secretName: sec}}
            """);
        await kubectl.SucceedAsync("run", "plain", "-n", ns, "--image=" + TestImages.Busybox, "--", "sleep", "3600");
        await Pods.WaitRunningAsync(cluster, kubectl, ns, "full");
        await Pods.WaitRunningAsync(cluster, kubectl, ns, "plain");

        var uids = new[] { await Pods.FieldAsync(kubectl, ns, "full", ".metadata.uid"), await Pods.FieldAsync(kubectl, ns, "plain", ".metadata.uid") };
        var runtime = (await RuntimeInventory.ContainersAsync(cluster)).Where(c => uids.Contains(c.PodUid)).ToList();
        var netns = runtime.Where(c => c.IsSandbox).Select(c => c.NetworkNamespace).OfType<string>().ToList();
        var during = await NodeFootprint.CaptureAsync(cluster);

        // The checks below can fail: while the pods run, every kind of thing counted is there.
        Assert.Equal(2, runtime.Count(c => c.IsSandbox));
        Assert.Equal(2, netns.Count);
        Assert.All(netns, path => Assert.True(File.Exists(path), $"{path} missing while the pod runs"));
        Assert.All(uids, uid => Assert.NotEmpty(Node.Pods.PodCgroups.Existing(uid)));
        Assert.True(during.IpFiles.Count >= before.IpFiles.Count + 2, $"IP files while running: {string.Join(", ", during.IpFiles)}");
        Assert.True(during.Mounts.Count > before.Mounts.Count, "no mounts under the data dir while pods with volumes run");
        Assert.True(during.Containers.Count >= before.Containers.Count + 5, $"containers while running: {during.Containers.Count}");

        // A short grace period: `sleep` as PID 1 ignores SIGTERM and would hold "plain" for the default 30 s.
        var deleted = await kubectl.RunAsync(["delete", "pods", "--all", "-n", ns, "--wait", "--grace-period=2", "--timeout=60s"], timeout: TimeSpan.FromSeconds(70));
        Assert.True(deleted.ExitCode == 0, deleted.ToString());

        NodeFootprint? after = null;
        await Eventually.TrueAsync(
            async () =>
            {
                after = await NodeFootprint.CaptureAsync(cluster);
                return after.ExtraOver(before).Length == 0
                    && !netns.Any(File.Exists)
                    && uids.All(uid => Node.Pods.PodCgroups.Existing(uid).Count == 0);
            },
            "the deleted pods' containers, tasks, network namespaces, IPs, cgroups, mounts and folders gone",
            TimeSpan.FromSeconds(60),
            () => Task.FromResult(
                $"left over:\n{after?.ExtraOver(before)}\n"
                + $"network namespaces: {string.Join(", ", netns.Where(File.Exists))}\n"
                + $"cgroups: {string.Join(", ", uids.SelectMany(Node.Pods.PodCgroups.Existing))}\n--- server\n{cluster.LogTail()}"));
        Assert.True(
            File.Exists(Path.Combine(cluster.AgentDir, "cni", "networks", "bosun", "lock")),
            "host-local's folder is not where the footprint looks: the IP check above would be empty");

        // With no pod on the node, nothing of any earlier test's pods may be left either.
        Assert.True(before.Containers.Count == 0 && before.Tasks.Count == 0 && before.IpFiles.Count == 0 && before.PodDirectories.Count == 0,
            $"left by earlier tests' deleted pods: containers {string.Join(", ", before.Containers)}; tasks {string.Join(", ", before.Tasks)}; "
            + $"IPs {string.Join(", ", before.IpFiles)}; pod folders {string.Join(", ", before.PodDirectories)}");
        await Pods.DeleteNamespaceAsync(kubectl, ns);
    }
}
