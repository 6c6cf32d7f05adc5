using Bosun.E2E.Infrastructure;

namespace Bosun.E2E;

/// <summary>
/// Deployments, the scheduler and node lifecycle through the real kubectl, on simulated nodes: the scenario a user
/// runs on a fresh cluster (rollouts, history, undo, pause, restart, scale, taints, drain with a budget, a node
/// going silent).
/// </summary>
public sealed class WorkloadTests(SimulatedCluster cluster) : IClassFixture<SimulatedCluster>
{
    private static readonly TimeSpan Rollout = TimeSpan.FromSeconds(90);

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task Deployment_RolloutHistoryUndoPauseRestartScaleDelete_AsKubernetes(string version)
    {
        var (kubectl, ns) = await cluster.NamespaceAsync(version, "wl-rollout");
        await kubectl.SucceedAsync("create", "deployment", "web", "--image=registry.local/web:1", "--replicas=6", "-n", ns);
        await RolloutStatusAsync(kubectl, ns, "web");

        // Six equal pods on three equal nodes: the scheduler spreads them.
        var nodes = (await kubectl.SucceedAsync("get", "pods", "-n", ns, "-l", "app=web", "-o", "jsonpath={.items[*].spec.nodeName}")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, nodes.Length);
        Assert.Equal(SimulatedCluster.NodeCount, nodes.Distinct().Count());

        // A rolling update never takes more than maxUnavailable (25% of 6 = 1) Ready pods away. (maxSurge bounds the
        // ReplicaSets' replicas, not pods seen on a watch: an old pod may still be active for a moment after its
        // ReplicaSet was scaled down and the new one up, in Kubernetes too.)
        using (var watch = kubectl.StartBackground("get", "pods", "-n", ns, "-l", "app=web", "-w", "-o", "json", "--output-watch-events"))
        {
            await watch.WaitForOutputAsync("\"ADDED\"", TimeSpan.FromSeconds(15));
            await kubectl.SucceedAsync("set", "image", "deployment/web", "web=registry.local/web:2", "-n", ns);
            await RolloutStatusAsync(kubectl, ns, "web");
            await Task.Delay(500);
            var states = PodWatchLog.Replay(watch.Stdout).Skip(6).ToList();
            Assert.NotEmpty(states);
            Assert.All(states, s => Assert.True(s.ReadyPods >= 5, $"{s.ReadyPods} ready of {s.ActivePods} active pods during the rollout\n{watch.Stdout[..Math.Min(watch.Stdout.Length, 2000)]}"));
        }

        Assert.Equal(["1", "2"], await RevisionsAsync(kubectl, ns));
        Assert.Contains("rolled back", await kubectl.SucceedAsync("rollout", "undo", "deployment/web", "-n", ns), StringComparison.Ordinal);
        await RolloutStatusAsync(kubectl, ns, "web");
        Assert.Equal("registry.local/web:1", await ImageAsync(kubectl, ns));
        Assert.Equal(["2", "3"], await RevisionsAsync(kubectl, ns));

        await kubectl.SucceedAsync("rollout", "pause", "deployment/web", "-n", ns);
        await kubectl.SucceedAsync("set", "image", "deployment/web", "web=registry.local/web:3", "-n", ns);
        await Eventually.TrueAsync(
            async () => await kubectl.SucceedAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}") == "DeploymentPaused",
            "Progressing=DeploymentPaused", TimeSpan.FromSeconds(30));
        Assert.Equal(2, (await kubectl.SucceedAsync("get", "rs", "-n", ns, "-o", "name")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        await kubectl.SucceedAsync("rollout", "resume", "deployment/web", "-n", ns);
        await RolloutStatusAsync(kubectl, ns, "web");
        Assert.All(await PodImagesAsync(kubectl, ns), image => Assert.Equal("registry.local/web:3", image));

        await kubectl.SucceedAsync("rollout", "restart", "deployment/web", "-n", ns);
        await RolloutStatusAsync(kubectl, ns, "web");
        Assert.NotEmpty(await kubectl.SucceedAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}"));

        await kubectl.SucceedAsync("scale", "deployment/web", "--replicas=3", "-n", ns);
        await RolloutStatusAsync(kubectl, ns, "web");
        await Eventually.TrueAsync(async () => (await PodImagesAsync(kubectl, ns)).Count == 3, "3 pods after scaling down", TimeSpan.FromSeconds(30));

        await kubectl.SucceedAsync("delete", "deployment", "web", "-n", ns);
        await Eventually.TrueAsync(
            async () => (await kubectl.SucceedAsync("get", "rs,pods", "-n", ns, "-o", "name")).Trim().Length == 0,
            "the deployment's replicasets and pods gone", TimeSpan.FromSeconds(60),
            () => kubectl.SucceedAsync("get", "rs,pods", "-n", ns));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task Pod_FittingNowhere_StaysPendingWithFailedSchedulingEvent(string version)
    {
        var (kubectl, ns) = await cluster.NamespaceAsync(version, "wl-unsched");
        await kubectl.SucceedAsync("create", "-n", ns, "-f", Manifests.Write(cluster.Server, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: huge
            spec:
              containers:
              - name: c
                image: registry.local/web:1
                resources:
                  requests:
                    cpu: "1000"
            """));

        await Eventually.TrueAsync(
            async () => (await kubectl.SucceedAsync("describe", "pod", "huge", "-n", ns)).Contains("FailedScheduling", StringComparison.Ordinal),
            "a FailedScheduling event", TimeSpan.FromSeconds(30),
            () => kubectl.SucceedAsync("describe", "pod", "huge", "-n", ns));
        var description = await kubectl.SucceedAsync("describe", "pod", "huge", "-n", ns);
        Assert.Contains("Insufficient cpu", description, StringComparison.Ordinal);
        Assert.Contains("nodes are available", description, StringComparison.Ordinal);
        Assert.Equal("False Unschedulable", await kubectl.SucceedAsync("get", "pod", "huge", "-n", ns, "-o", "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].status} {.status.conditions[?(@.type==\"PodScheduled\")].reason}"));
        Assert.Equal("Pending", await kubectl.SucceedAsync("get", "pod", "huge", "-n", ns, "-o", "jsonpath={.status.phase}"));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task Node_TaintedNoSchedule_NewPodsAvoidIt(string version)
    {
        var (kubectl, ns) = await cluster.NamespaceAsync(version, "wl-taint");
        var node = cluster.Nodes[0];
        var key = Names.For("e2e-taint", version);
        await kubectl.SucceedAsync("taint", "nodes", node, $"{key}=yes:NoSchedule");
        try
        {
            await kubectl.SucceedAsync("create", "deployment", "spread", "--image=registry.local/web:1", "--replicas=6", "-n", ns);
            await RolloutStatusAsync(kubectl, ns, "spread");
            var nodes = (await kubectl.SucceedAsync("get", "pods", "-n", ns, "-o", "jsonpath={.items[*].spec.nodeName}")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(6, nodes.Length);
            Assert.DoesNotContain(node, nodes);
        }
        finally
        {
            await kubectl.RunAsync(["taint", "nodes", node, $"{key}-"]);
            await kubectl.RunAsync(["delete", "namespace", ns, "--wait=false"]);
        }
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task Drain_BudgetBlocksThenAllows_PodsMoveAway(string version)
    {
        var (kubectl, ns) = await cluster.NamespaceAsync(version, "wl-drain");
        await kubectl.SucceedAsync("create", "deployment", "db", "--image=registry.local/web:1", "--replicas=3", "-n", ns);
        await RolloutStatusAsync(kubectl, ns, "db");
        await kubectl.SucceedAsync("create", "poddisruptionbudget", "db", "--selector=app=db", "--min-available=3", "-n", ns);
        await Eventually.TrueAsync(
            async () => await kubectl.SucceedAsync("get", "pdb", "db", "-n", ns, "-o", "jsonpath={.status.observedGeneration}/{.status.currentHealthy}") == "1/3",
            "the budget observed", TimeSpan.FromSeconds(30));
        var node = (await kubectl.SucceedAsync("get", "pods", "-n", ns, "-o", "jsonpath={.items[0].spec.nodeName}")).Trim();
        try
        {
            var blocked = await kubectl.RunAsync(["drain", node, "--ignore-daemonsets", "--timeout=7s"], timeout: TimeSpan.FromSeconds(40));
            Assert.NotEqual(0, blocked.ExitCode);
            Assert.Contains("Cannot evict pod as it would violate the pod's disruption budget", blocked.Stdout + blocked.Stderr, StringComparison.Ordinal);
            Assert.Contains("SchedulingDisabled", await kubectl.SucceedAsync("get", "node", node), StringComparison.Ordinal);

            await kubectl.SucceedAsync("patch", "pdb", "db", "-n", ns, "--type=merge", "-p", """{"spec":{"minAvailable":2}}""");
            var drained = await kubectl.RunAsync(["drain", node, "--ignore-daemonsets", "--timeout=80s"], timeout: TimeSpan.FromSeconds(90));
            Assert.True(drained.ExitCode == 0, drained.Stdout + drained.Stderr);
            Assert.Contains($"node/{node} drained", drained.Stdout, StringComparison.Ordinal);
            await RolloutStatusAsync(kubectl, ns, "db");
            var nodes = (await kubectl.SucceedAsync("get", "pods", "-n", ns, "-o", "jsonpath={.items[*].spec.nodeName}")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(3, nodes.Length);
            Assert.DoesNotContain(node, nodes);
        }
        finally
        {
            await kubectl.RunAsync(["uncordon", node]);
            await kubectl.RunAsync(["delete", "namespace", ns, "--wait=false"]);
        }
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task Node_StopsHeartbeating_ItsPodsAreReplacedElsewhere(string version)
    {
        var (kubectl, ns) = await cluster.NamespaceAsync(version, "wl-silent");
        // Tolerating an unreachable node for 2 s instead of the default 300 s, as users of fast failover do.
        await kubectl.SucceedAsync("create", "-n", ns, "-f", Manifests.Write(cluster.Server, """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: ha
            spec:
              replicas: 3
              selector:
                matchLabels: {app: ha}
              template:
                metadata:
                  labels: {app: ha}
                spec:
                  containers:
                  - name: c
                    image: registry.local/web:1
                  tolerations:
                  - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
                  - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
            """));
        await RolloutStatusAsync(kubectl, ns, "ha");
        var node = (await kubectl.SucceedAsync("get", "pods", "-n", ns, "-o", "jsonpath={.items[0].spec.nodeName}")).Trim();
        await kubectl.SucceedAsync("annotate", "node", node, "node.bosun.dev/simulate-stop-heartbeat=true");
        try
        {
            await Eventually.TrueAsync(
                async () => (await kubectl.SucceedAsync("get", "node", node)).Contains("NotReady", StringComparison.Ordinal),
                $"{node} NotReady", SimulatedCluster.GracePeriod * 4);
            await Eventually.TrueAsync(
                async () => await ReadyPodNodesAsync(kubectl, ns) is { Count: 3 } placed && !placed.Contains(node),
                "three Ready pods on the other nodes", TimeSpan.FromSeconds(60),
                () => kubectl.SucceedAsync("get", "pods", "-n", ns, "-o", "wide"));
            await RolloutStatusAsync(kubectl, ns, "ha");
        }
        finally
        {
            await kubectl.RunAsync(["annotate", "node", node, "node.bosun.dev/simulate-stop-heartbeat-"]);
            await Eventually.TrueAsync(
                async () => (await kubectl.SucceedAsync("get", "node", node, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}|{.spec.taints}")) == "True|",
                $"{node} Ready again without taints", TimeSpan.FromSeconds(30));
            await kubectl.RunAsync(["delete", "namespace", ns, "--wait=false"]);
        }
    }

    private static async Task RolloutStatusAsync(Kubectl kubectl, string ns, string deployment)
    {
        var result = await kubectl.RunAsync(["rollout", "status", $"deployment/{deployment}", "-n", ns, $"--timeout={Rollout.TotalSeconds:F0}s"], timeout: Rollout + TimeSpan.FromSeconds(10));
        if (result.ExitCode != 0)
        {
            var state = await kubectl.RunAsync(["get", "deploy,rs,pods", "-n", ns, "-o", "wide"]);
            Assert.Fail($"rollout status of {deployment} failed: {result.Stdout}{result.Stderr}\n{state.Stdout}{state.Stderr}");
        }

        Assert.Contains("successfully rolled out", result.Stdout, StringComparison.Ordinal);
    }

    private static async Task<string[]> RevisionsAsync(Kubectl kubectl, string ns) =>
        [.. (await kubectl.SucceedAsync("rollout", "history", "deployment/web", "-n", ns))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ')[0])
            .Where(first => first.All(char.IsAsciiDigit) && first.Length > 0)];

    private static Task<string> ImageAsync(Kubectl kubectl, string ns) =>
        kubectl.SucceedAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].image}");

    /// <summary>The images of the deployment's pods that are not terminating.</summary>
    private static async Task<List<string>> PodImagesAsync(Kubectl kubectl, string ns)
    {
        var lines = await kubectl.SucceedAsync("get", "pods", "-n", ns, "-l", "app=web", "-o", "jsonpath={range .items[*]}{.metadata.deletionTimestamp}|{.spec.containers[0].image}{\"\\n\"}{end}");
        return [.. lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('|')).Select(l => l[1..])];
    }

    /// <summary>The nodes of the Ready, not terminating pods.</summary>
    private static async Task<List<string>> ReadyPodNodesAsync(Kubectl kubectl, string ns)
    {
        var lines = await kubectl.SucceedAsync("get", "pods", "-n", ns, "-o", "jsonpath={range .items[*]}{.metadata.deletionTimestamp}|{.status.conditions[?(@.type==\"Ready\")].status}|{.spec.nodeName}{\"\\n\"}{end}");
        return [.. lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('|')).Where(p => p[0].Length == 0 && p[1] == "True").Select(p => p[2])];
    }
}
