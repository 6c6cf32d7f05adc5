using System.Text.Json.Nodes;
using Bosun.ApiServer.Metrics;

namespace Bosun.ApiServer.Tests.Metrics;

public sealed class MetricsObjectsTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 5, 0, TimeSpan.Zero);
    private static readonly AgentSummary.Usage Usage = new(12345, 1234 * 1024, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), 10);

    [Fact]
    public void Node_Usage_IsMetricsServersNodeMetrics()
    {
        var json = MetricsObjects.Node("n1", new JsonObject { ["a"] = "b" }, Usage, Now).ToJsonString();

        Assert.Equal(
            """{"kind":"NodeMetrics","apiVersion":"metrics.k8s.io/v1beta1","metadata":{"name":"n1","creationTimestamp":"2026-01-02T03:05:00Z","labels":{"a":"b"}},"timestamp":"2026-01-02T03:04:05Z","window":"10s","usage":{"cpu":"12345n","memory":"1234Ki"}}""",
            json);
    }

    [Fact]
    public void Pod_Containers_IsMetricsServersPodMetrics()
    {
        var pod = new AgentSummary.PodUsage("u", [new AgentSummary.ContainerUsage("c", Usage)]);

        var json = MetricsObjects.Pod("ns", "p", null, pod, Now).ToJsonString();

        Assert.Equal(
            """{"kind":"PodMetrics","apiVersion":"metrics.k8s.io/v1beta1","metadata":{"name":"p","namespace":"ns","creationTimestamp":"2026-01-02T03:05:00Z"},"timestamp":"2026-01-02T03:04:05Z","window":"10s","containers":[{"name":"c","usage":{"cpu":"12345n","memory":"1234Ki"}}]}""",
            json);
    }

    [Theory]
    [InlineData("""{"status":{"conditions":[{"type":"Ready","status":"True"}]}}""", true)]
    [InlineData("""{"status":{"conditions":[{"type":"Ready","status":"Unknown"}]}}""", false)]
    [InlineData("""{"metadata":{"labels":{"node.bosun.dev/simulated":"true"}},"status":{"conditions":[{"type":"Ready","status":"True"}]}}""", false)]
    public void HasAgent_Node_OnlyReadyAndNotSimulated(string node, bool expected) =>
        Assert.Equal(expected, MetricsHandler.HasAgent((JsonObject)JsonNode.Parse(node)!));
}
