using System.Text.Json.Nodes;
using Bosun.ApiServer.Metrics;

namespace Bosun.ApiServer.Tests.Metrics;

public sealed class AgentSummaryTests
{
    private const string Summary = """
        {"node":{"cpu":{"time":"2026-01-02T03:04:05Z","usageNanoCores":250000000,"usageCoreNanoSeconds":99,"windowSeconds":1.5},
                 "memory":{"time":"2026-01-02T03:04:05Z","workingSetBytes":1073741824}},
         "pods":[
          {"podRef":{"name":"web","namespace":"ns","uid":"u1"},"containers":[
            {"name":"app","cpu":{"time":"2026-01-02T03:04:05Z","usageNanoCores":5000000},"memory":{"workingSetBytes":10485760}}]},
          {"podRef":{"name":"half","namespace":"ns","uid":"u2"},"containers":[
            {"name":"a","cpu":{"usageNanoCores":1},"memory":{"workingSetBytes":1}},
            {"name":"b","cpu":{"usageCoreNanoSeconds":7},"memory":{"workingSetBytes":1}}]}]}
        """;

    [Fact]
    public void Parse_Summary_ReadsNodeUsageTimeAndWindow()
    {
        var summary = AgentSummary.Parse(JsonNode.Parse(Summary));

        Assert.Equal(new AgentSummary.Usage(250_000_000, 1UL << 30, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), 1.5), summary.Node);
    }

    [Fact]
    public void Parse_Summary_KeysPodsByNamespaceAndName()
    {
        var pod = AgentSummary.Parse(JsonNode.Parse(Summary)).Pods["ns/web"];

        Assert.Equal("u1", pod.Uid);
        var container = Assert.Single(pod.Containers);
        Assert.Equal(("app", 5_000_000UL, 10UL << 20, AgentSummary.DefaultWindowSeconds), (container.Name, container.Usage.NanoCores, container.Usage.WorkingSetBytes, container.Usage.WindowSeconds));
    }

    [Fact]
    public void Parse_ContainerWithoutCpuRate_DropsThePod() =>
        Assert.False(AgentSummary.Parse(JsonNode.Parse(Summary)).Pods.ContainsKey("ns/half"));

    [Fact]
    public void Parse_NodeWithoutRate_HasNoNodeUsage() =>
        Assert.Null(AgentSummary.Parse(JsonNode.Parse("""{"node":{"cpu":{"usageCoreNanoSeconds":1},"memory":{"workingSetBytes":1}}}""")).Node);
}
