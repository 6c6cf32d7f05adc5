using System.Text.Json.Nodes;
using Bosun.Api.Catalog;
using Bosun.Api.Objects;

namespace Bosun.ApiServer.Metrics;

/// <summary>NodeMetrics, PodMetrics and their lists, field for field as metrics-server serves them.</summary>
internal static class MetricsObjects
{
    public const string ApiVersion = BuiltInResources.MetricsGroup + "/v1beta1";

    public static JsonObject Node(string name, JsonObject? labels, AgentSummary.Usage usage, DateTimeOffset now) => new()
    {
        ["kind"] = "NodeMetrics",
        ["apiVersion"] = ApiVersion,
        ["metadata"] = Metadata(name, null, labels, now),
        ["timestamp"] = ObjectJson.Timestamp(usage.Time),
        ["window"] = MetricsQuantities.Window(usage.WindowSeconds),
        ["usage"] = Usage(usage),
    };

    public static JsonObject Pod(string ns, string name, JsonObject? labels, AgentSummary.PodUsage pod, DateTimeOffset now)
    {
        var first = pod.Containers[0].Usage;
        return new JsonObject
        {
            ["kind"] = "PodMetrics",
            ["apiVersion"] = ApiVersion,
            ["metadata"] = Metadata(name, ns, labels, now),
            ["timestamp"] = ObjectJson.Timestamp(first.Time),
            ["window"] = MetricsQuantities.Window(first.WindowSeconds),
            ["containers"] = new JsonArray([.. pod.Containers.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["usage"] = Usage(c.Usage) })]),
        };
    }

    public static JsonObject List(string kind, IEnumerable<JsonObject> items) => new()
    {
        ["kind"] = kind,
        ["apiVersion"] = ApiVersion,
        ["metadata"] = new JsonObject(),
        ["items"] = new JsonArray([.. items]),
    };

    private static JsonObject Metadata(string name, string? ns, JsonObject? labels, DateTimeOffset now)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        // metrics-server stamps the read time as the creation time and copies the measured object's labels.
        metadata["creationTimestamp"] = ObjectJson.Timestamp(now);
        if (labels is { Count: > 0 })
        {
            metadata["labels"] = labels.DeepClone();
        }

        return metadata;
    }

    private static JsonObject Usage(AgentSummary.Usage usage) => new()
    {
        ["cpu"] = MetricsQuantities.Cpu(usage.NanoCores),
        ["memory"] = MetricsQuantities.Memory(usage.WorkingSetBytes),
    };
}
