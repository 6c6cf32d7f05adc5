using Bosun.E2E.Infrastructure;

namespace Bosun.E2E.Metrics;

/// <summary>
/// The real <c>kubectl top</c> against metrics.k8s.io served by Bosun from an agent's (canned) summary: the rows
/// it prints, label selectors, the simulated node without figures, and NotFound for unknown names.
/// </summary>
public sealed class TopTests(MetricsCluster cluster) : IClassFixture<MetricsCluster>
{
    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task TopNode_AgentNode_PrintsUsageAndPercentOfAllocatable(string version)
    {
        var output = await cluster.KubectlFor(version).SucceedAsync("top", "node");

        var rows = Rows(output);
        Assert.StartsWith("NAME", output, StringComparison.Ordinal);
        Assert.Equal(["metrics-node", "250m", "12%", "1024Mi", "25%"], rows[MetricsCluster.Node]);
        // No agent to ask: kubectl lists it without figures.
        Assert.Equal("<unknown>", rows[MetricsCluster.SimulatedNode][1]);
        Assert.Contains(cluster.Agent.Clients, subject => subject.Contains("kube-apiserver-kubelet-client", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task TopNode_LabelSelector_ListsOnlyMatchingNodes(string version)
    {
        var output = await cluster.KubectlFor(version).SucceedAsync("top", "node", "-l", "tier=metered");

        Assert.Equal([MetricsCluster.Node], Rows(output).Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task TopPod_Namespace_PrintsPodsWithFiguresSummedOverContainers(string version)
    {
        var output = await cluster.KubectlFor(version).SucceedAsync("top", "pod", "-n", MetricsCluster.Namespace);

        var rows = Rows(output);
        Assert.Equal(["db", "1m", "20Mi"], rows["db"]);
        Assert.Equal(["web", "7m", "13Mi"], rows["web"]);
        Assert.False(rows.ContainsKey("idle"), output);
        Assert.False(rows.ContainsKey("gone"), output);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task TopPod_LabelSelectorAndContainers_PrintsOneRowPerContainer(string version)
    {
        var output = await cluster.KubectlFor(version).SucceedAsync("top", "pod", "-n", MetricsCluster.Namespace, "-l", "app=web", "--containers");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains(lines, l => l.SequenceEqual(["web", "app", "5m", "10Mi"]));
        Assert.Contains(lines, l => l.SequenceEqual(["web", "sidecar", "2m", "3Mi"]));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task TopPod_Name_PrintsThatPod(string version)
    {
        var output = await cluster.KubectlFor(version).SucceedAsync("top", "pod", "db", "-n", MetricsCluster.Namespace);

        Assert.Equal(["db", "1m", "20Mi"], Rows(output)["db"]);
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task GetRaw_UnknownPodAndNode_AnswerNotFoundAsMetricsServer(string version)
    {
        var kubectl = cluster.KubectlFor(version);
        const string pods = $"/apis/metrics.k8s.io/v1beta1/namespaces/{MetricsCluster.Namespace}/pods/";

        var pod = await kubectl.RunAsync(["get", "--raw", pods + "nosuch"]);
        var podWithoutFigures = await kubectl.RunAsync(["get", "--raw", pods + "idle"]);
        var node = await kubectl.RunAsync(["get", "--raw", "/apis/metrics.k8s.io/v1beta1/nodes/nosuch"]);
        var nodeWithoutFigures = await kubectl.RunAsync(["get", "--raw", "/apis/metrics.k8s.io/v1beta1/nodes/" + MetricsCluster.SimulatedNode]);

        Assert.Contains("(NotFound): pod \"nosuch\" not found", pod.Stderr, StringComparison.Ordinal);
        Assert.Contains("(NotFound): podmetrics.metrics.k8s.io \"metrics/idle\" not found", podWithoutFigures.Stderr, StringComparison.Ordinal);
        Assert.Contains("(NotFound): node \"nosuch\" not found", node.Stderr, StringComparison.Ordinal);
        Assert.Contains("(NotFound): nodemetrics.metrics.k8s.io \"metrics-sim\" not found", nodeWithoutFigures.Stderr, StringComparison.Ordinal);
        Assert.All([pod, podWithoutFigures, node, nodeWithoutFigures], r => Assert.NotEqual(0, r.ExitCode));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task GetRaw_PodMetrics_IsMetricsServersShape(string version)
    {
        var output = await cluster.KubectlFor(version).SucceedAsync("get", "--raw", $"/apis/metrics.k8s.io/v1beta1/namespaces/{MetricsCluster.Namespace}/pods/db");

        var pod = System.Text.Json.Nodes.JsonNode.Parse(output)!;
        Assert.Equal("PodMetrics", (string?)pod["kind"]);
        Assert.Equal("metrics.k8s.io/v1beta1", (string?)pod["apiVersion"]);
        Assert.Equal("db", (string?)pod["metadata"]!["labels"]!["app"]);
        Assert.Equal("2026-01-02T03:04:05Z", (string?)pod["timestamp"]);
        Assert.Equal("10.5s", (string?)pod["window"]);
        Assert.Equal("""[{"name":"postgres","usage":{"cpu":"1000000n","memory":"20Mi"}}]""", pod["containers"]!.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task ApiResources_MetricsGroup_ListsNodesAndPods(string version)
    {
        var output = await cluster.KubectlFor(version).SucceedAsync("api-resources", "--api-group=metrics.k8s.io", "--no-headers");

        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Contains(rows, r => r.SequenceEqual(["nodes", "metrics.k8s.io/v1beta1", "false", "NodeMetrics"]));
        Assert.Contains(rows, r => r.SequenceEqual(["pods", "metrics.k8s.io/v1beta1", "true", "PodMetrics"]));
    }

    [Theory]
    [MemberData(nameof(KubectlVersions.All), MemberType = typeof(KubectlVersions))]
    public async Task Get_PodMetrics_ListsThePodsWithFigures(string version)
    {
        var output = await cluster.KubectlFor(version).SucceedAsync("get", "pods.metrics.k8s.io", "-n", MetricsCluster.Namespace);

        var rows = Rows(output);
        Assert.Equal(["db", "web"], rows.Keys.Order(StringComparer.Ordinal));
    }

    private static Dictionary<string, string[]> Rows(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(r => r[0], r => r, StringComparer.Ordinal);
}
