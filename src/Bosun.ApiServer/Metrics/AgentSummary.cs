using System.Globalization;
using System.Text.Json.Nodes;

namespace Bosun.ApiServer.Metrics;

/// <summary>
/// What one agent's <c>/metrics/resource/summary</c> reported (a subset of the kubelet's <c>/stats/summary</c>):
/// the node's usage and each running pod's containers, keyed <c>namespace/name</c>.
/// </summary>
internal sealed record AgentSummary(AgentSummary.Usage? Node, IReadOnlyDictionary<string, AgentSummary.PodUsage> Pods)
{
    /// <summary>The default window when the agent does not say what its rate was measured over.</summary>
    public const double DefaultWindowSeconds = 10;

    /// <summary>CPU rate and memory working set at a time; a usage lacks either figure is not reported (as metrics-server).</summary>
    internal sealed record Usage(ulong NanoCores, ulong WorkingSetBytes, DateTimeOffset Time, double WindowSeconds);

    internal sealed record ContainerUsage(string Name, Usage Usage);

    internal sealed record PodUsage(string Uid, IReadOnlyList<ContainerUsage> Containers);

    /// <summary>Parses the agent's JSON; malformed parts are left out rather than failing the whole node.</summary>
    public static AgentSummary Parse(JsonNode? json)
    {
        var node = UsageOf(json?["node"]);
        var pods = new Dictionary<string, PodUsage>(StringComparer.Ordinal);
        foreach (var pod in (json?["pods"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var reference = pod["podRef"];
            var name = reference?["name"]?.GetValue<string>();
            var ns = reference?["namespace"]?.GetValue<string>();
            if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(ns))
            {
                continue;
            }

            var containers = new List<ContainerUsage>();
            var complete = true;
            foreach (var container in (pod["containers"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var containerName = container["name"]?.GetValue<string>();
                if (string.IsNullOrEmpty(containerName) || UsageOf(container) is not { } usage)
                {
                    // metrics-server drops a pod when any of its containers lacks a figure.
                    complete = false;
                    break;
                }

                containers.Add(new ContainerUsage(containerName, usage));
            }

            if (complete && containers.Count > 0)
            {
                pods[$"{ns}/{name}"] = new PodUsage(reference?["uid"]?.GetValue<string>() ?? "", containers);
            }
        }

        return new AgentSummary(node, pods);
    }

    private static Usage? UsageOf(JsonNode? owner)
    {
        var cpu = owner?["cpu"];
        var memory = owner?["memory"];
        if (Unsigned(cpu?["usageNanoCores"]) is not { } nanoCores || Unsigned(memory?["workingSetBytes"]) is not { } workingSet)
        {
            return null;
        }

        var time = DateTimeOffset.TryParse(cpu?["time"]?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : DateTimeOffset.UnixEpoch;
        var window = cpu?["windowSeconds"] is JsonValue w && w.TryGetValue<double>(out var seconds) ? seconds : DefaultWindowSeconds;
        return new Usage(nanoCores, workingSet, time, window);
    }

    private static ulong? Unsigned(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<ulong>(out var number) ? number
        : value is JsonValue d && d.TryGetValue<double>(out var real) && real >= 0 ? (ulong)real
        : null;
}
